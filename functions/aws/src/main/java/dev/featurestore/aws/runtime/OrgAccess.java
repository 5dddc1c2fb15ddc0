package dev.featurestore.aws.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which orgs an IAM principal may read: a mapping from principal ARN (with {@code *} globs) to orgs, from the
 * environment config. The caller's ARN comes from API Gateway's IAM authentication, never from the request
 * body. An assumed-role session ({@code arn:aws:sts::1:assumed-role/Role/session}) also matches its role's
 * ARN ({@code arn:aws:iam::1:role/Role}), so the mapping can name roles.
 */
public final class OrgAccess {
    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:(aws[a-z-]*):sts::(\\d+):assumed-role/([^/]+)/.*");

    private final Map<String, List<String>> byPrincipal;

    private OrgAccess(Map<String, List<String>> byPrincipal) {
        this.byPrincipal = byPrincipal;
    }

    public static OrgAccess of(Map<String, List<String>> byPrincipal) {
        return new OrgAccess(new LinkedHashMap<>(byPrincipal));
    }

    /** Parses {@code {"<arn or glob>": ["org", ...] | "org"}}. */
    public static OrgAccess parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot read ORG_ACCESS: not valid JSON (" + e.getOriginalMessage()
                    + "; expected {\"arn:aws:iam::123456789012:role/Analysts\": [\"acme\"]})", e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("Cannot read ORG_ACCESS: expected a JSON object of principal ARN to orgs");
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> orgs = new ArrayList<>();
            if (e.getValue().isTextual()) {
                orgs.add(e.getValue().asText());
            } else if (e.getValue().isArray()) {
                e.getValue().forEach(o -> orgs.add(o.asText()));
            } else {
                throw new ConfigException("Cannot read ORG_ACCESS: the orgs of " + e.getKey() + " must be a list of names");
            }
            map.put(e.getKey(), List.copyOf(orgs));
        }
        return new OrgAccess(map);
    }

    /** The orgs a principal may read, sorted; empty when it is not mapped. */
    public List<String> orgsOf(String principalArn) {
        if (principalArn == null || principalArn.isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(List.of(principalArn));
        Matcher m = ASSUMED_ROLE.matcher(principalArn);
        if (m.matches()) {
            names.add("arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3));
        }
        TreeSet<String> orgs = new TreeSet<>();
        byPrincipal.forEach((glob, allowed) -> {
            Pattern p = Pattern.compile(("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q"));
            if (names.stream().anyMatch(n -> p.matcher(n).matches())) {
                orgs.addAll(allowed);
            }
        });
        return List.copyOf(orgs);
    }
}

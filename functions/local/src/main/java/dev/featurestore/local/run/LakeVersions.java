package dev.featurestore.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Reads the versions of a group and org from the lake (interim until core's version package lands). */
public final class LakeVersions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version as its manifest describes it. */
    public record VersionInfo(String version, long rows, String createdAt, String configHash, List<String> files, boolean current) {
    }

    private final ObjectStore store;

    public LakeVersions(ObjectStore store) {
        this.store = store;
    }

    public Optional<String> current(String group, String org) {
        return store.get(LakeLayout.currentKey(group, org)).map(b -> new String(b, StandardCharsets.UTF_8).trim());
    }

    /** Every published version, oldest first. */
    public List<VersionInfo> list(String group, String org) {
        String prefix = LakeLayout.orgPrefix(group, org);
        TreeSet<String> versions = new TreeSet<>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            if (rest.startsWith("version=") && rest.endsWith("/_manifest.json")) {
                versions.add(rest.substring("version=".length(), rest.indexOf('/')));
            }
        }
        String current = current(group, org).orElse("");
        List<VersionInfo> infos = new ArrayList<>();
        for (String v : versions) {
            infos.add(info(group, org, v, current));
        }
        return infos;
    }

    /** The version to read: the given one, or the current one. */
    public VersionInfo resolve(String group, String org, Optional<String> version) {
        String current = current(group, org).orElse("");
        String v = version.orElse(current);
        if (v.isEmpty()) {
            throw new NotFoundException("Cannot read group '" + group + "' for org '" + org + "': it has no published version"
                    + " (run: featurestore calculate " + group + " --org " + org + ")");
        }
        if (!store.exists(LakeLayout.versionPrefix(group, org, v) + "_manifest.json")) {
            List<String> known = list(group, org).stream().map(VersionInfo::version).toList();
            throw new NotFoundException("Cannot find version '" + v + "' of group '" + group + "' for org '" + org + "' (known versions: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        return info(group, org, v, current);
    }

    private VersionInfo info(String group, String org, String version, String current) {
        String key = LakeLayout.versionPrefix(group, org, version) + "_manifest.json";
        byte[] bytes = store.get(key).orElseThrow(() -> new NotFoundException("Cannot find manifest " + key));
        try {
            JsonNode m = JSON.readTree(bytes);
            List<String> files = new ArrayList<>();
            m.path("files").forEach(f -> files.add(LakeLayout.versionPrefix(group, org, version) + f.asText()));
            return new VersionInfo(version, m.path("rows").asLong(), m.path("created_at").asText(), m.path("config_hash").asText(),
                    files, version.equals(current));
        } catch (IOException e) {
            throw new StorageException("Cannot read manifest " + key + ": " + e.getMessage(), e);
        }
    }
}

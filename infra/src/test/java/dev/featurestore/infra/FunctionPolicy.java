package dev.featurestore.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.testing.AwsCallRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The IAM policy a function's role gets in a synthesized template, with the template's intrinsics resolved to
 * the names of a test lake, so the calls recorded on the emulator ({@link AwsCallRecorder}) can be checked
 * against it: an Allow statement must name the call's action and a resource pattern matching its ARN (IAM's
 * {@code *} and {@code ?} wildcards, actions case-insensitive). Conditions are not evaluated (the stack uses none
 * on function roles) and no Deny statement exists on them.
 */
final class FunctionPolicy {

    record Statement(List<String> actions, List<String> resources) {}

    /**
     * What the template's names become on the emulator.
     *
     * @param templateRegion   the environment's region, written literally into the template's ARNs
     * @param configuredToTest configured names (Glue database, Athena workgroups) and bucket logical ids to test names
     */
    record Names(String account, String region, String templateRegion, String bucket, Map<String, String> configuredToTest) {}

    private final String handler;
    private final List<Statement> statements;

    private FunctionPolicy(String handler, List<Statement> statements) {
        this.handler = handler;
        this.statements = statements;
    }

    /** @param handlerClass e.g. {@code PlanHandler}: the function whose Handler names it */
    static FunctionPolicy of(JsonNode template, String handlerClass, Names names) {
        JsonNode resources = template.path("Resources");
        String role = null;
        for (var e : resources.properties()) {
            JsonNode r = e.getValue();
            if (r.path("Type").asText().equals("AWS::Lambda::Function")
                    && r.at("/Properties/Handler").asText().contains("." + handlerClass + "::")) {
                role = r.at("/Properties/Role/Fn::GetAtt/0").asText();
            }
        }
        if (role == null) {
            throw new IllegalArgumentException("no function with handler " + handlerClass + " in the template");
        }
        List<Statement> statements = new ArrayList<>();
        for (var e : resources.properties()) {
            JsonNode r = e.getValue();
            if (!r.path("Type").asText().equals("AWS::IAM::Policy")) {
                continue;
            }
            boolean attached = false;
            for (JsonNode ref : r.at("/Properties/Roles")) {
                attached |= ref.path("Ref").asText().equals(role);
            }
            if (!attached) {
                continue;
            }
            for (JsonNode s : r.at("/Properties/PolicyDocument/Statement")) {
                if (!s.path("Effect").asText().equals("Allow")) {
                    throw new IllegalStateException("unexpected " + s.path("Effect") + " statement on " + handlerClass + ": " + s);
                }
                statements.add(new Statement(strings(s.get("Action"), template, names), strings(s.get("Resource"), template, names)));
            }
        }
        return new FunctionPolicy(handlerClass, statements);
    }

    List<Statement> statements() {
        return statements;
    }

    boolean allows(String action, String resource) {
        for (Statement s : statements) {
            boolean actionMatches = s.actions().stream().anyMatch(a -> glob(a.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches());
            if (actionMatches && s.resources().stream().anyMatch(r -> glob(r).matcher(resource).matches())) {
                return true;
            }
        }
        return false;
    }

    /** The recorded calls this policy does not allow, one line each (empty: every call was allowed). */
    List<String> denied(List<AwsCallRecorder.Call> calls) {
        return calls.stream().filter(c -> !allows(c.action(), c.resource())).map(c -> handler + ": " + c).distinct().toList();
    }

    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<String> strings(JsonNode node, JsonNode template, Names names) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                out.add(resolve(n, template, names));
            }
        } else {
            out.add(resolve(node, template, names));
        }
        return out;
    }

    /** A string or an intrinsic (Fn::Join, Ref, Fn::GetAtt) as it resolves on the emulator. */
    static String resolve(JsonNode node, JsonNode template, Names names) {
        if (node.isTextual()) {
            return rename(node.asText(), names);
        }
        if (node.has("Fn::Join")) {
            StringBuilder sb = new StringBuilder();
            String separator = node.get("Fn::Join").get(0).asText();
            JsonNode parts = node.get("Fn::Join").get(1);
            for (int i = 0; i < parts.size(); i++) {
                sb.append(i == 0 ? "" : separator).append(resolve(parts.get(i), template, names));
            }
            return rename(sb.toString(), names);
        }
        if (node.has("Ref")) {
            String ref = node.get("Ref").asText();
            switch (ref) {
                case "AWS::Partition":
                    return "aws";
                case "AWS::Region":
                    return names.region();
                case "AWS::AccountId":
                    return names.account();
                case "AWS::URLSuffix":
                    return "amazonaws.com";
                default:
                    return refOf(ref, template, names);
            }
        }
        if (node.has("Fn::GetAtt")) {
            String id = node.get("Fn::GetAtt").get(0).asText();
            String attribute = node.get("Fn::GetAtt").get(1).asText();
            String type = template.path("Resources").path(id).path("Type").asText();
            if (type.equals("AWS::S3::Bucket") && attribute.equals("Arn")) {
                return "arn:aws:s3:::" + refOf(id, template, names);
            }
            // another resource's ARN (a queue, a function): named by its logical id, never a call's resource here
            return "arn:aws:" + type + ":" + id;
        }
        throw new IllegalArgumentException("cannot resolve " + node);
    }

    private static String refOf(String id, JsonNode template, Names names) {
        JsonNode r = template.path("Resources").path(id);
        return switch (r.path("Type").asText()) {
            case "AWS::S3::Bucket" -> names.configuredToTest().getOrDefault(id, names.bucket());
            case "AWS::Glue::Database" -> rename(r.at("/Properties/DatabaseInput/Name").asText(), names);
            case "AWS::Athena::WorkGroup" -> rename(r.at("/Properties/Name").asText(), names);
            default -> "ref:" + id;
        };
    }

    private static String rename(String s, Map<String, String> map) {
        return map.getOrDefault(s, s);
    }

    private static String rename(String s, Names names) {
        String out = rename(s, names.configuredToTest()).replace(":" + names.templateRegion() + ":", ":" + names.region() + ":");
        for (var e : names.configuredToTest().entrySet()) {
            out = out.replace(":database/" + e.getKey(), ":database/" + e.getValue())
                    .replace(":table/" + e.getKey() + "/", ":table/" + e.getValue() + "/")
                    .replace(":workgroup/" + e.getKey(), ":workgroup/" + e.getValue());
        }
        return out;
    }
}

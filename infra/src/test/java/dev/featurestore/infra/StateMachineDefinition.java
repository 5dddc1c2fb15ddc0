package dev.featurestore.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;

/**
 * The state machine's ASL as synthesized: its {@code DefinitionString} ({@code Fn::Join} of literals,
 * {@code Fn::GetAtt} and {@code Ref}) turned into plain JSON, with each intrinsic replaced by what the caller
 * maps it to (e.g. a Lambda ARN on the emulator).
 */
final class StateMachineDefinition {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateMachineDefinition() {}

    /** The definition of the template's only state machine. */
    static JsonNode definitionString(JsonNode template) {
        for (Map.Entry<String, JsonNode> e : template.path("Resources").properties()) {
            if (e.getValue().path("Type").asText().equals("AWS::StepFunctions::StateMachine")) {
                return e.getValue().at("/Properties/DefinitionString");
            }
        }
        throw new AssertionError("no AWS::StepFunctions::StateMachine in the template");
    }

    /** @param intrinsic maps {@code {"Fn::GetAtt": [id, attr]}} or {@code {"Ref": id}} to its value */
    static String render(JsonNode definitionString, Function<JsonNode, String> intrinsic) {
        if (definitionString.isTextual()) {
            return definitionString.asText();
        }
        JsonNode join = definitionString.get("Fn::Join");
        if (join == null) {
            return intrinsic.apply(definitionString);
        }
        StringBuilder sb = new StringBuilder();
        String separator = join.get(0).asText();
        boolean first = true;
        for (JsonNode part : join.get(1)) {
            if (!first) {
                sb.append(separator);
            }
            first = false;
            sb.append(part.isTextual() ? part.asText() : render(part, intrinsic));
        }
        return sb.toString();
    }

    /** Renders with placeholders ({@code ${LogicalId.Arn}}, {@code ${AWS::Partition}}) and parses. */
    static JsonNode parse(JsonNode template) {
        return parse(render(definitionString(template), StateMachineDefinition::placeholder));
    }

    static JsonNode parse(String asl) {
        try {
            return JSON.readTree(asl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String placeholder(JsonNode intrinsic) {
        if (intrinsic.has("Fn::GetAtt")) {
            return "${" + intrinsic.get("Fn::GetAtt").get(0).asText() + "." + intrinsic.get("Fn::GetAtt").get(1).asText() + "}";
        }
        if (intrinsic.has("Ref")) {
            return "${" + intrinsic.get("Ref").asText() + "}";
        }
        throw new IllegalArgumentException("unexpected intrinsic in the state machine definition: " + intrinsic);
    }
}

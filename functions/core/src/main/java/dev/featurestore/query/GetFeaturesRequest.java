package dev.featurestore.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.TooLargeException;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The body of {@code POST /groups/{group}/features}, shared by {@code serve} and the Lambda QueryHandler
 * (docs/query.md):
 *
 * <pre>
 * {"features": ["distance", "gender"] | "distance,gender",   optional, default all fields
 *  "exclude":  ["*"] | "*",                                  optional
 *  "filters":  ["age >= 30"] | "age >= 30",                  optional, ANDed
 *  "org": "acme", "version": "20261124T031500Z-3f9a",        optional
 *  "as_of": "2026-11-24T00:00:00Z",                          optional (version current at that instant)
 *  "limit": 100,                                             optional, >= 0
 *  "format": "json" | "csv" | "parquet",                     optional (default: Accept header, else json)
 *  "consumer": "churn-model"}                                optional, recorded as who read (docs/catalog.md)
 * </pre>
 *
 * Unknown keys, duplicate keys, values of the wrong JSON type and bodies over {@link #MAX_BODY_BYTES} are
 * rejected with a message naming the key.
 */
public record GetFeaturesRequest(List<String> features, List<String> exclude, List<String> filters,
                                 Optional<String> org, Optional<String> version, Optional<Instant> asOf,
                                 OptionalLong limit, Optional<ResultFormat> format, Optional<String> consumer) {

    /** A request that names no consumer. */
    public GetFeaturesRequest(List<String> features, List<String> exclude, List<String> filters, Optional<String> org,
                              Optional<String> version, Optional<Instant> asOf, OptionalLong limit,
                              Optional<ResultFormat> format) {
        this(features, exclude, filters, org, version, asOf, limit, format, Optional.empty());
    }

    /** Largest accepted body: 1 MiB. Larger bodies get 413 ({@link TooLargeException}). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    static final List<String> KEYS = List.of("features", "exclude", "filters", "org", "version", "as_of", "limit",
            "format", "consumer");

    /** Duplicate keys and trailing content are errors; nesting is shallow by contract. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public GetFeaturesRequest {
        features = List.copyOf(features);
        exclude = List.copyOf(exclude);
        filters = List.copyOf(filters);
    }

    /** A request with every argument at its default. */
    public static GetFeaturesRequest empty() {
        return new GetFeaturesRequest(List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    /** Throws {@link TooLargeException} when a body of this many bytes is over the limit. */
    public static void checkBodySize(long bytes) {
        if (bytes > MAX_BODY_BYTES) {
            throw new TooLargeException("Cannot read request: the body is " + bytes + " bytes, at most "
                    + MAX_BODY_BYTES + " allowed (send fewer or shorter filters)");
        }
    }

    /** Reads a body of at most {@link #MAX_BODY_BYTES} from a stream, without reading past the limit. */
    public static byte[] readBody(InputStream in) {
        try {
            byte[] head = in.readNBytes(MAX_BODY_BYTES + 1);
            if (head.length > MAX_BODY_BYTES) {
                throw new TooLargeException("Cannot read request: the body is over " + MAX_BODY_BYTES
                        + " bytes (send fewer or shorter filters)");
            }
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GetFeaturesRequest parse(String body) {
        return parse(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a body; an empty body means every default. */
    public static GetFeaturesRequest parse(byte[] body) {
        checkBodySize(body.length);
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UsageException("Cannot read request: the body is not valid JSON" + where + " ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            return empty();
        }
        if (!root.isObject()) {
            throw new UsageException("Cannot read request: the body must be a JSON object such as "
                    + "{\"features\": [\"age\"], \"filters\": [\"age >= 30\"]}, not " + describe(root));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!KEYS.contains(key)) {
                throw new UsageException("Cannot read request: unknown key \"" + FilterText.echo(key)
                        + "\" (known keys: " + String.join(", ", KEYS) + ")");
            }
        }
        return new GetFeaturesRequest(
                names(root, "features"),
                names(root, "exclude"),
                filters(root),
                name(root, Identifier.ORG),
                name(root, Identifier.VERSION),
                asOf(root),
                limit(root),
                text(root, "format").map(ResultFormat::parse),
                text(root, "consumer").flatMap(dev.featurestore.discovery.Consumers::check));
    }

    /** The body's format, else the one the {@code Accept} header asks for (may be null), else JSON. */
    public ResultFormat format(String acceptHeader) {
        return format.orElseGet(() -> ResultFormat.fromAccept(acceptHeader));
    }

    /** The query for one group and the org the caller may read, with the body's format or {@code fallback}. */
    public FeatureQuery toQuery(String group, String org, ResultFormat fallback) {
        FeatureQuery.Builder b = FeatureQuery.builder(group, org)
                .features(features).exclude(exclude).filters(filters)
                .format(format.orElse(fallback));
        version.ifPresent(b::version);
        asOf.ifPresent(b::asOf);
        limit.ifPresent(b::limit);
        return b.build();
    }

    private static List<String> names(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!node.isArray()) {
            throw wrongType(key, "a list of field names or globs, e.g. [\"age\", \"dist*\"], or a comma-separated string", node);
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw wrongType(key, "a list of strings", item);
            }
            if (item.asText().isBlank()) {
                throw new UsageException("Cannot read request: \"" + key + "\" holds an empty name");
            }
            out.add(item.asText().trim());
        }
        return out;
    }

    private static List<String> filters(JsonNode root) {
        JsonNode node = root.get("filters");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? List.of() : List.of(node.asText());
        }
        if (!node.isArray()) {
            throw wrongType("filters", "a list of conditions, e.g. [\"age >= 30\"], or one condition string", node);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw wrongType("filters", "a list of strings", item);
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Optional<String> text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(key, "a string", node);
        }
        return Optional.of(node.asText());
    }

    /** An org or version: the one name rule ({@link Identifier}), since they become path segments and SQL literals. */
    private static Optional<String> name(JsonNode root, Identifier rule) {
        Optional<String> value = text(root, rule.kind());
        value.ifPresent(v -> rule.require("read request: \"" + rule.kind() + "\"", v));
        return value;
    }

    private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static Optional<Instant> asOf(JsonNode root) {
        return text(root, "as_of").map(GetFeaturesRequest::instant).map(t -> {
            if (t.isBefore(FIRST_INSTANT) || t.isAfter(LAST_INSTANT)) {
                throw new UsageException("Cannot read request: \"as_of\" is " + t + ", outside the years 0001 to 9999");
            }
            return t;
        });
    }

    private static Instant instant(String s) {
        String v = s.trim();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
            }
            return LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new UsageException("Cannot read request: \"as_of\" is \"" + FilterText.echo(s)
                    + "\", not an ISO-8601 date or timestamp (e.g. 2026-11-24T03:15:00Z; no zone means UTC)");
        }
    }

    private static OptionalLong limit(JsonNode root) {
        JsonNode node = root.get("limit");
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType("limit", "a whole number >= 0", node);
        }
        long n = node.asLong();
        if (n < 0) {
            throw new UsageException("Cannot read request: \"limit\" is " + n + " (need a whole number >= 0)");
        }
        return OptionalLong.of(n);
    }

    private static UsageException wrongType(String key, String expected, JsonNode actual) {
        return new UsageException("Cannot read request: \"" + key + "\" must be " + expected + ", not "
                + describe(actual));
    }

    private static String describe(JsonNode node) {
        String kind = switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        String shown = node.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "…";
        }
        return kind + " (" + FilterText.echo(shown) + ")";
    }
}

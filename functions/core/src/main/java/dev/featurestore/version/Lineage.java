package dev.featurestore.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a version was built from, beyond its config hash: the org's params, each function as configured (SQL
 * text or class, SQL file path, declared fields, the params it was given), the code that ran and a fingerprint
 * of the sources when the version was written. Enough to rebuild the version ({@code featurestore reproduce})
 * and to tell whether the sources changed since.
 *
 * @param schedule the group's schedule in the config of the run ({@code cron(...)} or {@code rate(...)}), an
 *                 empty string when the group had none, absent (null) in manifests written before it was
 *                 recorded; {@code plan} compares it with the config's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(Map<String, Object> params, List<FunctionConfig> functions, CodeVersion code,
                      List<SourceFingerprint> sources, String schedule) {

    public Lineage {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
        functions = functions == null ? List.of() : List.copyOf(functions);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A lineage without the schedule (manifests written before it was recorded, tests). */
    public Lineage(Map<String, Object> params, List<FunctionConfig> functions, CodeVersion code, List<SourceFingerprint> sources) {
        this(params, functions, code, sources, null);
    }

    /**
     * One function as configured: {@code kind} {@code sql} or {@code java}, {@code source} the SQL text or the
     * class name, {@code path} the SQL file (relative to config/), the fields it declares in the config (when
     * it lists them) and the params it was given (every function of a run gets the org's params).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionConfig(String name, String kind, String source, String path, List<String> declaredFields,
                                 Map<String, Object> params) {
    }

    /**
     * The code that ran: the git commit it was built from ({@code -dirty} when the tree had uncommitted
     * changes; {@code unknown} when built outside git) and the SHA-256 of the jar it ran from (absent when it
     * ran from classes on disk, e.g. in tests or an unpacked Lambda).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CodeVersion(String gitCommit, String jarSha256) {
        public static final CodeVersion UNKNOWN = new CodeVersion("unknown", null);

        /** One line, e.g. {@code 3f2a9c1… (jar sha256 8b1d…)}. */
        public String describe() {
            return gitCommit + (jarSha256 == null ? "" : " (jar sha256 " + jarSha256.substring(0, Math.min(12, jarSha256.length())) + "…)");
        }
    }

    /**
     * One source table, or one of its objects, when the version was written. Locally: {@code location} a file under
     * the lake's sources/, its {@code bytes} and {@code sha256}. On AWS: one entry per table ({@code location} its
     * S3 location, {@code tableVersion} its Glue table version) and one per S3 object under that location
     * ({@code location} its S3 URI, {@code etag}, {@code bytes}); a table with more objects than recorded one by one
     * has a single entry for all of them instead: {@code objects} how many, {@code bytes} their total, {@code etag}
     * the SHA-256 of every key, size and ETag, and {@code note} saying so.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceFingerprint(String table, String location, Long bytes, String sha256, String etag, String tableVersion,
                                    Long objects, String note) {
        public SourceFingerprint(String table, String location, Long bytes, String sha256, String etag, String tableVersion) {
            this(table, location, bytes, sha256, etag, tableVersion, null, null);
        }
    }
}

package dev.featurestore.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version's {@code _manifest.json}: what it holds and what makes it reproducible. Written once, after the
 * data files and before the version is published; never changed afterwards.
 *
 * @param stats           per-field statistics (see the {@code stats} package), an object keyed by field name
 * @param contentChecksum a checksum of the data that does not depend on row order or file split: equal for
 *                        equal data (see {@link ContentChecksum})
 * @param dataAsOf        when the run that made the version started reading its sources (ISO instant): the
 *                        time its data is as of, used by point-in-time training sets; null in manifests written
 *                        before it was recorded (readers then use the version's first publish time)
 * @param lookup          which hash bucket each row group of each data file holds, for lookups by id; null
 *                        when the merge did not record it (lookups then scan every row group)
 * @param lineage         what the version was built from (params, functions, code, source fingerprints); null
 *                        in manifests written before it was recorded
 * @param docs            the group's and fields' documentation as the config had it for the run (see
 *                        {@link VersionDocs}); absent in manifests written before it was recorded
 */
public record Manifest(
        int formatVersion,
        String group,
        String org,
        String version,
        String runId,
        String createdAt,
        String configHash,
        String codeVersion,
        List<Column> schema,
        long rowCount,
        List<DataFile> files,
        List<FunctionRun> functions,
        Map<String, Long> timingsMs,
        JsonNode stats,
        String contentChecksum,
        String dataAsOf,
        LookupIndex lookup,
        Lineage lineage,
        @JsonInclude(JsonInclude.Include.NON_NULL) VersionDocs docs) {

    public static final int FORMAT_VERSION = 1;

    /** A manifest without data-as-of time, lookup index and lineage (versions written before them, tests). */
    public Manifest(int formatVersion, String group, String org, String version, String runId, String createdAt, String configHash,
                    String codeVersion, List<Column> schema, long rowCount, List<DataFile> files, List<FunctionRun> functions,
                    Map<String, Long> timingsMs, JsonNode stats, String contentChecksum) {
        this(formatVersion, group, org, version, runId, createdAt, configHash, codeVersion, schema, rowCount, files, functions,
                timingsMs, stats, contentChecksum, null, null, null);
    }

    /** A manifest without docs (versions written before they were recorded, tests). */
    public Manifest(int formatVersion, String group, String org, String version, String runId, String createdAt, String configHash,
                    String codeVersion, List<Column> schema, long rowCount, List<DataFile> files, List<FunctionRun> functions,
                    Map<String, Long> timingsMs, JsonNode stats, String contentChecksum, String dataAsOf, LookupIndex lookup,
                    Lineage lineage) {
        this(formatVersion, group, org, version, runId, createdAt, configHash, codeVersion, schema, rowCount, files, functions,
                timingsMs, stats, contentChecksum, dataAsOf, lookup, lineage, null);
    }

    public Manifest {
        schema = List.copyOf(schema);
        files = List.copyOf(files);
        functions = List.copyOf(functions);
        timingsMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timingsMs));
        stats = stats == null ? JsonNodeFactory.instance.objectNode() : stats;
    }


    /**
     * Where ids are: every id hashes ({@code hash}, see merge's BucketLayout) to one of {@code buckets}, and
     * {@code rowGroupBuckets.get(f).get(g)} is the bucket of row group {@code g} of {@code files.get(f)}.
     */
    public record LookupIndex(String hash, int buckets, List<List<Integer>> rowGroupBuckets) {
        public LookupIndex {
            rowGroupBuckets = rowGroupBuckets.stream().map(List::copyOf).toList();
        }
    }

    /** A column of the version: name and declared type (SQL name). */
    public record Column(String name, String type) {
    }

    /**
     * A data file of the version, by key relative to the store root. Reads check the file against it
     * ({@link DataFileCheck}): its size always, its CRC32C where the file is local, its ETag on S3.
     *
     * @param crc32c CRC32C of the file's bytes, 8 hex digits (absent in manifests written before it existed)
     * @param etag   the object's ETag right after upload, on S3 (absent locally)
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record DataFile(String key, long rows, long bytes, Optional<String> crc32c, Optional<String> etag) {
        public DataFile {
            crc32c = crc32c == null ? Optional.empty() : crc32c;
            etag = etag == null ? Optional.empty() : etag;
        }

        public DataFile(String key, long rows, long bytes) {
            this(key, rows, bytes, Optional.empty(), Optional.empty());
        }

        /** The file name, as messages show it (never a local path). */
        public String name() {
            return key.substring(key.lastIndexOf('/') + 1);
        }
    }

    /**
     * One function's contribution: its kind ({@code sql} or {@code java}), its source (SQL text or class name),
     * rows written, time, and its inputs (source queries run, engine query ids such as Athena's).
     */
    public record FunctionRun(String name, String kind, String source, long rows, long durationMs,
                              List<String> queries, List<String> queryIds) {
        public FunctionRun {
            queries = List.copyOf(queries);
            queryIds = List.copyOf(queryIds);
        }
    }

    /** The fields of this version (without id) as a schema. */
    public Schema fields() {
        List<Field> fields = new ArrayList<>();
        for (Column c : schema) {
            if (!c.name().equals(Schema.ID)) {
                fields.add(new Field(c.name(), FieldType.parse(c.type()).orElseThrow(
                        () -> new IllegalStateException("Cannot read manifest of " + group + "/" + org + "/" + version
                                + ": unknown type " + c.type()))));
            }
        }
        return new Schema(fields);
    }

    public static List<Column> columnsOf(Schema fields) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(Schema.ID, "string"));
        for (Field f : fields.fields()) {
            columns.add(new Column(f.name(), f.type().sqlName()));
        }
        return columns;
    }
}

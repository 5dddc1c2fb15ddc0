package dev.featurestore.distmerge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.featurestore.error.DataException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.util.List;

/**
 * The tasks of one distributed merge, written by the planner to the run's staging ({@link StagingKeys#plan}) and
 * read by every task: the declared fields, the partials (store key and size), the bucket count, the partition
 * tasks (a range of one partial's row groups with its byte range) and the join tasks (a range of buckets).
 */
public record MergeTaskPlan(String group, String org, String runId, String version, List<Column> fields, List<PartialKey> partials,
                            long rows, int buckets, List<PartitionTask> partitionTasks, List<JoinTask> joinTasks) {

    static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public MergeTaskPlan {
        fields = List.copyOf(fields);
        partials = List.copyOf(partials);
        partitionTasks = List.copyOf(partitionTasks);
        joinTasks = List.copyOf(joinTasks);
    }

    /** A declared field, by name and SQL type name. */
    public record Column(String name, String type) {
    }

    /** One function's partial in the store. */
    public record PartialKey(String function, String key, long bytes) {
    }

    /** Row groups {@code [fromRowGroup, toRowGroup)} of partial {@code partial}, bytes {@code [fromByte, toByte)} of its file. */
    public record PartitionTask(int partial, int fromRowGroup, int toRowGroup, long fromByte, long toByte, long rows) {
    }

    /** Buckets {@code [fromBucket, toBucket)}. */
    public record JoinTask(int fromBucket, int toBucket) {
    }

    public Schema schema() {
        return new Schema(fields.stream().map(c -> new Field(c.name(), FieldType.parse(c.type()).orElseThrow(
                () -> new DataException("Cannot read the merge plan of run " + runId + ": unknown type '" + c.type() + "'")))).toList());
    }

    static List<Column> columns(Schema schema) {
        return schema.fields().stream().map(f -> new Column(f.name(), f.type().sqlName())).toList();
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the merge plan: " + e.getMessage(), e);
        }
    }

    static MergeTaskPlan fromJson(byte[] bytes, String where) {
        try {
            return JSON.readValue(bytes, MergeTaskPlan.class);
        } catch (IOException e) {
            throw new DataException("Cannot read the merge plan " + where + ": " + e.getMessage(), e);
        }
    }
}

package dev.featurestore.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.types.Schema;

/**
 * Per-field statistics computed in the merge pass, for the manifest's {@code stats}. One instance per merge.
 */
public interface MergeStatistics {

    ColumnObserver.Factory observers();

    /** The statistics as a JSON object keyed by field name, after the merge. */
    JsonNode toJson();

    /** What this merge saw, as bytes {@link Factory#combine} reads in another process (a distributed merge's finalize). */
    default byte[] sketches() {
        return new byte[0];
    }

    /** Creates one {@link MergeStatistics} per merge. */
    @FunctionalInterface
    interface Factory {
        MergeStatistics create(Schema schema);

        /** The statistics (as {@link MergeStatistics#toJson}) of the merges whose {@link MergeStatistics#sketches} these are. */
        default JsonNode combine(Schema schema, java.util.List<byte[]> sketches) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }

        Factory NONE = schema -> new MergeStatistics() {
            @Override
            public ColumnObserver.Factory observers() {
                return ColumnObserver.Factory.NONE;
            }

            @Override
            public JsonNode toJson() {
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
        };
    }
}

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

    /** Creates one {@link MergeStatistics} per merge. */
    @FunctionalInterface
    interface Factory {
        MergeStatistics create(Schema schema);

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

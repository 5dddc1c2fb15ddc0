package dev.featurestore.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.merge.MergeStatistics;
import dev.featurestore.error.DataException;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.StatsCollector;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code stats} of a manifest: written from the merge's {@link StatsCollector}, read back for drift. */
public final class ManifestStats {
    private ManifestStats() {
    }

    /** Statistics of every field, computed in the merge pass. */
    public static final MergeStatistics.Factory COLLECTED = new MergeStatistics.Factory() {
        @Override
        public MergeStatistics create(dev.featurestore.types.Schema schema) {
            StatsCollector collector = StatsCollector.create(schema);
            return new MergeStatistics() {
                @Override
                public ColumnObserver.Factory observers() {
                    return collector;
                }

                @Override
                public JsonNode toJson() {
                    return Json.MAPPER.valueToTree(collector.result());
                }

                @Override
                public byte[] sketches() {
                    return collector.sketches();
                }
            };
        }

        @Override
        public JsonNode combine(dev.featurestore.types.Schema schema, java.util.List<byte[]> sketches) {
            return Json.MAPPER.valueToTree(StatsCollector.combine(schema, sketches));
        }
    };

    /** The per-field statistics of a version, in manifest order; empty when the manifest has none. */
    public static Map<String, ColumnStats> read(Manifest manifest) {
        Map<String, ColumnStats> stats = new LinkedHashMap<>();
        JsonNode node = manifest.stats();
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    stats.put(e.getKey(), Json.MAPPER.treeToValue(e.getValue(), ColumnStats.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                    throw new DataException("Cannot read the statistics of field '" + e.getKey() + "' in the manifest of "
                            + manifest.group() + "/" + manifest.org() + "/" + manifest.version() + ": " + ex.getOriginalMessage(), ex);
                }
            }
        }
        return stats;
    }
}

package dev.featurestore.merge;

import dev.featurestore.parquet.ParquetRows;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Helpers of the merge tests: reading a merge's output back, listing leftovers. */
final class MergeTesting {

    private MergeTesting() {
    }

    /** Every output row by id (fails on a duplicate id across files). */
    static Map<String, Map<String, Object>> readById(MergeResult result, Schema schema) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Path f : result.files()) {
            for (Map<String, Object> row : ParquetRows.read(f, schema)) {
                Object id = row.get(Schema.ID);
                if (rows.put((String) id, row) != null) {
                    throw new AssertionError("id " + id + " written twice");
                }
            }
        }
        return rows;
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }
}

package dev.featurestore.local.lookup;

import dev.featurestore.lookup.LookupResult;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a lookup's rows as a Parquet file ({@code id} then the selected fields, their declared types). */
public final class LookupRows {
    private LookupRows() {
    }

    public static void writeParquet(LookupResult result, Path target) {
        List<Field> fields = result.columns().subList(1, result.columns().size());
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ParquetPartialWriter w = ParquetPartialWriter.create(target, new Schema(fields))) {
            for (List<Object> row : result.rows()) {
                w.write((String) row.get(0), row.subList(1, row.size()).toArray());
            }
        }
    }
}

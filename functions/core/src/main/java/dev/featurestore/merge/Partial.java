package dev.featurestore.merge;

import java.nio.file.Path;

/** One function's partial: a Parquet file with {@code id} + that function's fields, named by its function. */
public record Partial(String function, Path file) {
}

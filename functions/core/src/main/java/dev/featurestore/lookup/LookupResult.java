package dev.featurestore.lookup;

import dev.featurestore.types.Field;
import java.util.List;

/**
 * The answer of a lookup: the version read, the columns ({@code id} then the selected fields) and one row per
 * distinct requested id that exists (or every one, with nulls, when missing ids are included), in the order
 * the ids were requested. Values are Java values as {@code dev.featurestore.parquet.JavaValues} makes them.
 */
public record LookupResult(String version, List<Field> columns, List<List<Object>> rows) {
    public LookupResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}

package dev.featurestore.local.duckdb;

import dev.featurestore.config.OutputType;
import dev.featurestore.parquet.ColumnCast;
import dev.featurestore.types.FieldType;
import java.util.Locale;
import java.util.Optional;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A SQL function's output column type: DuckDB's name for it (what the user wrote or sees in DuckDB) and the
 * Parquet type DuckDB writes for it, which decides through {@link ColumnCast} — the merge's own check — which
 * declared field types it can become. A column DuckDB writes as a nested type fits none.
 */
record DuckDbOutputType(String engineName, Optional<PrimitiveType> parquet) implements OutputType {

    @Override
    public boolean readableAs(FieldType declared) {
        return parquet.flatMap(p -> ColumnCast.of("a SQL function's output", p, declared)).isPresent();
    }

    @Override
    public Optional<FieldType> fittingFieldType() {
        String name = engineName.toLowerCase(Locale.ROOT);
        Optional<FieldType> type = switch (name) {
            case "tinyint", "smallint", "utinyint", "usmallint" -> Optional.of(FieldType.INT);
            case "uinteger" -> Optional.of(FieldType.BIGINT);
            case "timestamp with time zone", "timestamp_ms", "timestamp_ns", "timestamp_s" -> Optional.of(FieldType.TIMESTAMP);
            default -> FieldType.parse(name);
        };
        return type.filter(this::readableAs);
    }

    @Override
    public String castSql(String column, FieldType declared) {
        return "CAST(" + column + " AS " + DuckDbTypes.sqlType(declared) + ")";
    }
}

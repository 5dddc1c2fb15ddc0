package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge shows every output value to the column observers with its row's key, encoded as ColumnObserver documents. */
class MergerObserverTest {

    @TempDir
    Path tmp;

    @Test
    void observersSeeEveryOutputValue_whenFactoryCreatesThem() {
        Schema schema = Schema.of(new Field("s", FieldType.STRING), new Field("b", FieldType.BOOLEAN), new Field("n", FieldType.BIGINT),
                new Field("d", FieldType.DOUBLE), new Field("dec", FieldType.decimal(10, 2)), new Field("dt", FieldType.DATE),
                new Field("ts", FieldType.TIMESTAMP), new Field("f", FieldType.FLOAT));
        Path a = tmp.resolve("a.parquet");
        try (ParquetPartialWriter w = ParquetPartialWriter.create(a, schema.select(List.of("s", "b", "n", "d")))) {
            w.write("x", "é", true, 5L, 1.5);
            w.write("y", null, false, null, -2.0);
        }
        Path b = tmp.resolve("b.parquet");
        try (ParquetPartialWriter w = ParquetPartialWriter.create(b, schema.select(List.of("dec", "dt", "ts", "f")))) {
            w.write("y", new BigDecimal("12.34"), LocalDate.ofEpochDay(3), Instant.ofEpochSecond(1, 5000), 0.5f);
            w.write("z", null, null, null, null);
        }
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        Map<Long, String> ids = Map.of(RowKeys.of("x"), "x", RowKeys.of("y"), "y", RowKeys.of("z"), "z");
        ColumnObserver.Factory factory = (worker, field) -> new ColumnObserver() {
            private final List<String> values = seen.computeIfAbsent(field.name(), k -> Collections.synchronizedList(new ArrayList<>()));

            public void observeNull(long row) {
                values.add(ids.get(row) + " null");
            }

            public void observeLong(long row, long v) {
                values.add(ids.get(row) + " long " + v);
            }

            public void observeDouble(long row, double v) {
                values.add(ids.get(row) + " double " + v);
            }

            public void observeBoolean(long row, boolean v) {
                values.add(ids.get(row) + " boolean " + v);
            }

            public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
                assertThat(hash).isEqualTo(RowKeys.hash(utf8, offset, length));
                values.add(ids.get(row) + " string " + new String(utf8, offset, length, StandardCharsets.UTF_8));
            }
        };
        Merger.merge(new MergeRequest(schema, List.of(new Partial("a", a), new Partial("b", b)), tmp.resolve("out"), tmp, 2, factory));

        assertThat(seen.get("s")).containsExactlyInAnyOrder("x string é", "y null", "z null");
        assertThat(seen.get("b")).containsExactlyInAnyOrder("x boolean true", "y boolean false", "z null");
        assertThat(seen.get("n")).containsExactlyInAnyOrder("x long 5", "y null", "z null");
        assertThat(seen.get("d")).containsExactlyInAnyOrder("x double 1.5", "y double -2.0", "z null");
        assertThat(seen.get("dec")).containsExactlyInAnyOrder("x null", "y double 12.34", "z null");
        assertThat(seen.get("dt")).containsExactlyInAnyOrder("x null", "y long 3", "z null");
        assertThat(seen.get("ts")).containsExactlyInAnyOrder("x null", "y long 1000005", "z null");
        assertThat(seen.get("f")).containsExactlyInAnyOrder("x null", "y double 0.5", "z null");
    }
}

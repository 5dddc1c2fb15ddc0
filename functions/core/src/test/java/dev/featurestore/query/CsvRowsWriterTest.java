package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsWriterTest {
    private static final List<Field> COLUMNS = List.of(new Field("id", FieldType.STRING),
            new Field("name", FieldType.STRING), new Field("m", FieldType.decimal(5, 2)),
            new Field("ts", FieldType.TIMESTAMP), new Field("d", FieldType.DOUBLE));

    @Test
    void writesHeaderAndRows_quotingOnlyWhenNeeded_andNullsEmpty() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvRowsWriter w = CsvRowsWriter.open(out, COLUMNS)) {
            w.row(List.of("c1", "plain", new BigDecimal("1.50"), Instant.parse("2024-01-31T10:00:00Z"), 1.0e10));
            w.row(Arrays.asList("c2", "a,\"b\"\nc", null, null, null));
            w.row(Arrays.asList("c3", "", null, "2024-01-31 10:00:00.5", 0.5));
            assertThat(w.rowCount()).isEqualTo(3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                id,name,m,ts,d
                c1,plain,1.50,2024-01-31T10:00:00Z,1.0E10
                c2,"a,""b""
                c",,,
                c3,"",,2024-01-31T10:00:00.500Z,0.5
                """);
    }

    @Test
    void quotesEdgeBlanks() {
        assertThat(CsvRowsWriter.quote(" x", false)).isEqualTo("\" x\"");
        assertThat(CsvRowsWriter.quote("x y", false)).isEqualTo("x y");
    }
}

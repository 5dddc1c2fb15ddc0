package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRowsWriterTest {
    private static final List<Field> COLUMNS = Selection.resolve(TestSchemas.ALL_TYPES, List.of(), List.of()).columns();

    @Test
    void writesHeaderRowsAndCount_withTheDocumentedValueForms() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonRowsWriter w = JsonRowsWriter.open(out, "g", "acme", "v1", COLUMNS)) {
            w.row(List.of("c1", "x\"y", true, 7, 8L, 1.5f, 2.25, new BigDecimal("12.30"), LocalDate.of(2024, 1, 31),
                    LocalDateTime.of(2024, 1, 31, 10, 0, 0, 123_000_000)));
            w.row(Arrays.asList("c2", null, null, null, null, Float.NaN, null, null, null, null));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"group\":\"g\",\"org\":\"acme\",\"version\":\"v1\","
                + "\"columns\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"s\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"boolean\"},{\"name\":\"i\",\"type\":\"int\"},{\"name\":\"l\",\"type\":\"bigint\"},"
                + "{\"name\":\"f\",\"type\":\"float\"},{\"name\":\"d\",\"type\":\"double\"},"
                + "{\"name\":\"m\",\"type\":\"decimal(10,2)\"},{\"name\":\"dt\",\"type\":\"date\"},"
                + "{\"name\":\"ts\",\"type\":\"timestamp\"}],"
                + "\"warnings\":[],\"rows\":[{\"id\":\"c1\",\"s\":\"x\\\"y\",\"b\":true,\"i\":7,\"l\":8,\"f\":1.5,\"d\":2.25,"
                + "\"m\":12.30,\"dt\":\"2024-01-31\",\"ts\":\"2024-01-31T10:00:00.123Z\"},"
                + "{\"id\":\"c2\",\"s\":null,\"b\":null,\"i\":null,\"l\":null,\"f\":null,\"d\":null,\"m\":null,"
                + "\"dt\":null,\"ts\":null}],\"row_count\":2}");
    }

    @Test
    void acceptsAthenaStrings_forEveryType() {
        assertThat(Values.normalize(FieldType.TIMESTAMP, "2024-01-31 10:00:00.123"))
                .isEqualTo(Instant.parse("2024-01-31T10:00:00.123Z"));
        assertThat(Values.normalize(FieldType.BIGINT, "42")).isEqualTo(42L);
        assertThat(Values.normalize(FieldType.BOOLEAN, "true")).isEqualTo(true);
        assertThat(Values.normalize(FieldType.decimal(5, 2), "1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(Values.normalize(FieldType.DATE, "2024-01-31")).isEqualTo(LocalDate.of(2024, 1, 31));
    }
}

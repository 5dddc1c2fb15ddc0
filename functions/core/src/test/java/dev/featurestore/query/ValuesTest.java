package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.DataException;
import dev.featurestore.types.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void normalizesDuckDbObjects() {
        assertThat(Values.normalize(FieldType.INT, 7L)).isEqualTo(7);
        assertThat(Values.normalize(FieldType.BIGINT, BigInteger.TEN)).isEqualTo(10L);
        assertThat(Values.normalize(FieldType.FLOAT, 1.5)).isEqualTo(1.5f);
        assertThat(Values.normalize(FieldType.DATE, java.sql.Date.valueOf("2024-01-31"))).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(Values.normalize(FieldType.TIMESTAMP, LocalDateTime.of(2024, 1, 31, 10, 0)))
                .isEqualTo(Instant.parse("2024-01-31T10:00:00Z"));
        assertThat(Values.normalize(FieldType.TIMESTAMP, OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo(Instant.parse("2024-01-31T10:00:00Z"));
        assertThat(Values.normalize(FieldType.STRING, null)).isNull();
    }

    @Test
    void parsesAthenaText() {
        assertThat(Values.normalize(FieldType.TIMESTAMP, "2024-01-31 10:00:00.000")).isEqualTo(Instant.parse("2024-01-31T10:00:00Z"));
        assertThat(Values.normalize(FieldType.TIMESTAMP, "2024-01-31 10:00:00.123456"))
                .isEqualTo(Instant.parse("2024-01-31T10:00:00.123456Z"));
        assertThat(Values.normalize(FieldType.INT, "-3")).isEqualTo(-3);
        assertThat(Values.normalize(FieldType.DOUBLE, "1.0E10")).isEqualTo(1.0e10);
        assertThat(Values.normalize(FieldType.decimal(5, 2), "-0.50")).isEqualTo(new BigDecimal("-0.50"));
        assertThat(Values.normalize(FieldType.BOOLEAN, "false")).isEqualTo(false);
    }

    @Test
    void writesTextForms() {
        assertThat(Values.text(FieldType.TIMESTAMP, Instant.parse("2024-01-31T10:00:00.120Z"))).isEqualTo("2024-01-31T10:00:00.120Z");
        assertThat(Values.text(FieldType.decimal(20, 2), new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Values.text(FieldType.BOOLEAN, true)).isEqualTo("true");
        assertThat(Values.text(FieldType.STRING, null)).isNull();
    }

    @Test
    void rejectsValuesThatCannotBeOfTheType() {
        assertThatThrownBy(() -> Values.normalize(FieldType.INT, 3_000_000_000L))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot read value \"3000000000\" as int (integer overflow)");
        assertThatThrownBy(() -> Values.normalize(FieldType.BOOLEAN, "yes"))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot read value \"yes\" as boolean (not true or false)");
    }
}

package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsCollectorTest {
    private static final Field AGE = new Field("age", FieldType.BIGINT);
    private static final Field CITY = new Field("city", FieldType.STRING);
    private static final Field VIP = new Field("vip", FieldType.BOOLEAN);
    private static final Field SEEN = new Field("seen", FieldType.DATE);
    private static final Schema SCHEMA = Schema.of(AGE, CITY, VIP, SEEN);

    private static void string(ColumnObserver o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.observeString(dev.featurestore.merge.RowKeys.of(s), b, 0, b.length, dev.featurestore.merge.RowKeys.hash(b, 0, b.length));
    }

    private static Map<String, ColumnStats> twoWorkers() {
        StatsCollector stats = StatsCollector.create(SCHEMA);
        for (int worker = 1; worker >= 0; worker--) {
            ColumnObserver age = stats.create(worker, AGE);
            ColumnObserver city = stats.create(worker, CITY);
            ColumnObserver vip = stats.create(worker, VIP);
            for (int i = 0; i < 10; i++) {
                age.observeLong(worker * 10 + i, worker * 10 + i);
                string(city, i % 2 == 0 ? "berlin" : "paris");
                if (i == 0) {
                    vip.observeNull(worker * 10 + i);
                } else {
                    vip.observeBoolean(worker * 10 + i, i % 3 == 0);
                }
            }
        }
        return stats.result();
    }

    @Test
    void combinesWorkersInSchemaOrder() {
        Map<String, ColumnStats> result = twoWorkers();

        assertThat(result.keySet()).containsExactly("age", "city", "vip", "seen");
        assertThat(result.get("age").count()).isEqualTo(20);
        assertThat(result.get("age").numeric().min()).isZero();
        assertThat(result.get("age").numeric().max()).isEqualTo(19);
        assertThat(result.get("age").numeric().mean()).isEqualTo(9.5);
        assertThat(result.get("city").strings().top())
                .containsExactly(new TopValue("berlin", 10), new TopValue("paris", 10));
        assertThat(result.get("vip").booleans()).isEqualTo(new BooleanStats(6, 12));
        assertThat(result.get("vip").nulls()).isEqualTo(2);
    }

    @Test
    void emptyStatistics_whenAFieldWasNeverObserved() {
        ColumnStats seen = twoWorkers().get("seen");

        assertThat(seen).isEqualTo(new ColumnStats("date", 0, 0, null, null, null));
    }

    @Test
    void jsonRoundTrip_keepsEveryValue() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, ColumnStats> result = twoWorkers();

        String text = json.writeValueAsString(result);
        Map<String, ColumnStats> back = json.readValue(text,
                json.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class, ColumnStats.class));

        assertThat(back).isEqualTo(result);
        assertThat(text).doesNotContain("nullRate").doesNotContain("\"strings\":null");
    }

    @Test
    void rejectsAValueOfTheWrongEncoding() {
        ColumnObserver age = StatsCollector.create(SCHEMA).create(0, AGE);

        assertThatThrownBy(() -> string(age, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot collect statistics of field 'age': got a string for type bigint"
                        + " (the merge passes values in the ColumnObserver encodings)");
    }
}

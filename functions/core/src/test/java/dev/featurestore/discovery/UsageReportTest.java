package dev.featurestore.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportTest {
    @Test
    void of_groupsReadsByConsumer_andListsFieldsNobodyRead() {
        List<UsageRecord> usage = List.of(
                new UsageRecord("customer", "acme", List.of("distance", "gender"), "churn-model", "arn:role/a", "2026-11-29T08:00:00Z", 10),
                new UsageRecord("customer", "acme", List.of("distance"), "churn-model", "arn:role/a", "2026-11-30T08:00:00Z", 5),
                new UsageRecord("customer", "globex", List.of("age"), "", "arn:role/b", "2026-11-30T09:00:00Z", 7));

        UsageReport r = UsageReport.of("customer", 30, List.of("age", "distance", "gender", "orders_90d"), usage);

        assertThat(r.reads()).isEqualTo(3);
        assertThat(r.readers()).extracting(UsageReport.Reader::name).containsExactly("arn:role/b", "churn-model");
        UsageReport.Reader churn = r.readers().get(1);
        assertThat(churn.fields()).isEqualTo(Map.of("distance", 2L, "gender", 1L));
        assertThat(churn.rows()).isEqualTo(15);
        assertThat(churn.lastRead()).isEqualTo("2026-11-30T08:00:00Z");
        assertThat(r.unread()).containsExactly("orders_90d");
        assertThat(r.readersOf("distance")).containsExactly("churn-model");
    }

    @Test
    void consumers_acceptTheNameRule_andRefuseOthersNamingTheRule() {
        assertThat(Consumers.check("churn-model.v2_1")).contains("churn-model.v2_1");
        assertThat(Consumers.check("")).isEmpty();
        assertThat(Consumers.check(null)).isEmpty();
        for (String bad : List.of("../x", "-lead", "a b", "x".repeat(65), "m\u0000", "<script>")) {
            assertThatThrownBy(() -> Consumers.check(bad)).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("Cannot record the reader: consumer '")
                    .hasMessageEndingWith("is not a valid name (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
    }
}

package dev.featurestore.calculate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTablesTest {
    static final List<String> TABLES = List.of("customers", "orders", "orders_archive", "events");

    @Test
    void readBy_findsBareQuotedAndQualifiedNames_caseInsensitive() {
        assertThat(SourceTables.readBy(TABLES, List.of("SELECT c.id FROM Customers c JOIN \"orders\" o ON o.id = c.id")))
                .containsExactly("customers", "orders");
        assertThat(SourceTables.readBy(TABLES, List.of("select id from src_db.events"))).containsExactly("events");
    }

    @Test
    void readBy_aNameInsideALongerIdentifier_isNotARead() {
        assertThat(SourceTables.readBy(TABLES, List.of("select id, orders_count from orders_archive"))).containsExactly("orders_archive");
        assertThat(SourceTables.readBy(TABLES, List.of("select id from my_customers_v2, eventsx"))).isEmpty();
    }

    @Test
    void readBy_everyQueryCounts_andNoQueryReadsNothing() {
        assertThat(SourceTables.readBy(TABLES, List.of("select 1 from orders", "select 2 from events"))).containsExactly("orders", "events");
        assertThat(SourceTables.readBy(TABLES, List.of())).isEmpty();
        assertThat(SourceTables.readBy(List.of(""), List.of("select 1"))).isEmpty();
    }
}

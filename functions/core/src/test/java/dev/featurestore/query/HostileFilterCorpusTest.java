package dev.featurestore.query;

import static dev.featurestore.query.TestSchemas.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.QueryException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of hostile filters in {@code hostile-filters.jsonl}: every entry is either rejected with a
 * QueryException naming the expected position, or is a valid filter whose DuckDB rendering is the expected
 * single safe statement, which DuckDB then runs.
 */
class HostileFilterCorpusTest {
    private static final SqlRenderer DUCKDB = SqlRenderer.create(SqlDialect.DUCKDB);
    private static Connection duckdb;

    record Entry(int line, String filter, JsonNode spec) {
        @Override
        public String toString() {
            String shown = FilterText.echo(filter);
            return "line " + line + ": " + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown);
        }
    }

    @BeforeAll
    static void createTable() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duckdb.createStatement()) {
            s.execute("CREATE TABLE customer (id VARCHAR, age BIGINT, gender VARCHAR, distance DOUBLE, orders_90d BIGINT,"
                    + " last_order_at TIMESTAMP)");
            s.execute("INSERT INTO customer VALUES ('c1', 30, 'f', 1.5, 3, TIMESTAMP '2024-01-02 00:00:00'),"
                    + " ('c2', NULL, '''; DROP TABLE customer; --', NULL, NULL, NULL)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    static List<Entry> corpus() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                HostileFilterCorpusTest.class.getResourceAsStream("/hostile-filters.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                JsonNode node = json.readTree(line);
                if (!node.has("filter")) {
                    continue;
                }
                String filter = node.get("filter").asText();
                if (node.has("repeat")) {
                    String repeated = node.get("repeat").get("text").asText().repeat(node.get("repeat").get("times").asInt());
                    filter = filter.replace("{R}", repeated);
                }
                entries.add(new Entry(number, filter, node));
            }
        }
        return entries;
    }

    static Stream<Arguments> rejected() throws IOException {
        return corpus().stream().filter(e -> e.spec().has("reject_at")).map(Arguments::of);
    }

    static Stream<Arguments> accepted() throws IOException {
        return corpus().stream().filter(e -> e.spec().has("sql")).map(Arguments::of);
    }

    @Test
    void corpusIsLargeAndCoversBothKinds() throws IOException {
        assertThat(rejected().count()).isGreaterThanOrEqualTo(90);
        assertThat(accepted().count()).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithThePosition(Entry entry) {
        int at = entry.spec().get("reject_at").asInt();
        assertThatThrownBy(() -> FilterParser.parse(entry.filter(), CUSTOMER))
                .isInstanceOf(QueryException.class)
                .satisfies(e -> {
                    String message = e.getMessage();
                    assertThat(message).startsWith("Cannot ");
                    assertThat(message).containsPattern("position " + at + "(?!\\d)");
                    if (entry.spec().has("contains")) {
                        assertThat(message).contains(entry.spec().get("contains").asText());
                    }
                    assertThat(message.length()).as("message length").isLessThan(700);
                    assertThat(message.codePoints().filter(FilterText::isInvisible).count())
                            .as("invisible characters in the message").isZero();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void rendersOneSafeStatement(Entry entry) throws SQLException {
        String sql = DUCKDB.expression(FilterParser.parse(entry.filter(), CUSTOMER));
        assertThat(sql).isEqualTo(entry.spec().get("sql").asText());
        try (Statement s = duckdb.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM customer WHERE " + sql)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isBetween(0L, 2L);
        }
        try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM customer")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the table is intact").isEqualTo(2);
        }
    }

    @Test
    void findsTheInjectedValueAsData() throws SQLException {
        String sql = DUCKDB.expression(FilterParser.parse("gender = '''; DROP TABLE customer; --'", CUSTOMER));
        try (Statement s = duckdb.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM customer WHERE " + sql)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("c2");
            assertThat(rs.next()).isFalse();
        }
    }

}

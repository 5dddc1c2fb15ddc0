package dev.featurestore.query;

import static dev.featurestore.query.TestSchemas.ALL_TYPES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.error.QueryException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property-style tests of the filter language over seeded random trees and random text. */
class FilterPropertyTest {
    private static final int CASES = 2_000;

    @Test
    void formattedTreeParsesBackToTheSameTree() {
        for (int seed = 0; seed < CASES; seed++) {
            Expr tree = new RandomFilters(seed, ALL_TYPES).expr(4);
            String text = FilterFormatter.format(tree);
            assertThat(FilterParser.parse(text, ALL_TYPES)).as("seed %d: %s", seed, text).isEqualTo(tree);
        }
    }

    @Test
    void everyRandomTreeRendersForBothDialects_withoutTheFilterTextInIt() {
        SqlRenderer duckdb = SqlRenderer.create(SqlDialect.DUCKDB);
        SqlRenderer athena = SqlRenderer.create(SqlDialect.ATHENA);
        for (int seed = 0; seed < CASES; seed++) {
            Expr tree = new RandomFilters(seed, ALL_TYPES).expr(4);
            assertThat(duckdb.expression(tree)).as("seed %d", seed).isNotBlank().doesNotContain(";");
            assertThat(athena.expression(tree)).as("seed %d", seed).isNotBlank().doesNotContain(";");
        }
    }

    private static final String[] FRAGMENTS = {"s", "i", "l", "d", "m", "dt", "ts", "b", "=", "<", ">=", "!=", "<>",
        "(", ")", ",", "'a'", "'", "\"", "\"s\"", "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "LIKE", "1", "-",
        "1.5", "1e3", "TRUE", "false", "DATE", "TIMESTAMP", "'2024-01-01'", "'2024-01-01 10:00:00'", ";", "--", "/*",
        "\u200B", "\uFF1D", "\0", "x", "SELECT", "lower(", "'%a\\%'", "99999999999999999999", ".", "*"};

    @Test
    void randomTokenSoupAndMutatedFiltersEitherParseOrFailWithAQueryException() {
        int parsed = 0;
        for (int seed = 0; seed < 20_000; seed++) {
            Random random = new Random(seed);
            String filter = seed % 2 == 0 ? soup(random) : mutate(random, FilterFormatter.format(
                    new RandomFilters(seed, ALL_TYPES).expr(2)));
            try {
                Expr e = FilterParser.parse(filter, ALL_TYPES);
                parsed++;
                assertThat(FilterParser.parse(FilterFormatter.format(e), ALL_TYPES)).as("seed %d: %s", seed, filter)
                        .isEqualTo(e);
            } catch (QueryException expected) {
                assertThat(expected.getMessage()).as("seed %d: %s", seed, filter).startsWith("Cannot ");
                assertThat(expected.getMessage()).as("seed %d: %s", seed, filter).containsPattern("position \\d+|empty");
            }
        }
        assertThat(parsed).as("some soups and mutations are still valid filters").isGreaterThan(300);
    }

    private static String soup(Random random) {
        StringBuilder text = new StringBuilder();
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(random.nextInt(4) == 0 ? "" : " ");
        }
        return text.toString();
    }

    /** One to three edits at random places: delete a span, insert a fragment, or duplicate a span. */
    private static String mutate(Random random, String filter) {
        StringBuilder text = new StringBuilder(filter);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            int len = Math.min(1 + random.nextInt(4), text.length() - at);
            switch (random.nextInt(3)) {
                case 0 -> text.delete(at, at + len);
                case 1 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                default -> text.insert(at, text.substring(at, at + len));
            }
        }
        return text.toString();
    }

    @Test
    void randomCharactersNeverEscapeAsAnotherException() {
        for (int seed = 0; seed < 20_000; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                int cp = random.nextInt(3) == 0 ? random.nextInt(0x2FFFF) : 0x20 + random.nextInt(0x5F);
                if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                    text.appendCodePoint(cp);
                }
            }
            try {
                FilterParser.parse(text.toString(), ALL_TYPES);
            } catch (QueryException expected) {
                assertThat(expected.getMessage()).startsWith("Cannot ");
            }
        }
    }
}

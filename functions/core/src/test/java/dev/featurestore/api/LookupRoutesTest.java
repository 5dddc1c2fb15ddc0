package dev.featurestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import dev.featurestore.query.FilterParser;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupRoutesTest {
    private static final Schema SCHEMA = Schema.of(new Field("age", FieldType.parse("bigint").orElseThrow()));

    @Test
    void narrowed_addsOneInFilter_thatTheFilterParserAccepts_evenWithQuotesInIds() {
        List<String> filters = texts(LookupRoutes.narrowed(List.of("age >= 30"), List.of("c1", "o'brien", "c1")));

        assertThat(filters).containsExactly("age >= 30", "id IN ('c1', 'o''brien')");
        assertThat(FilterParser.parseAll(filters, SCHEMA)).isPresent();
    }

    @Test
    void narrowed_withNoIds_isAFilterThatMatchesNothing() {
        List<String> filters = texts(LookupRoutes.narrowed(List.of("age >= 30"), List.of()));

        assertThat(FilterParser.parseAll(filters, SCHEMA)).isPresent();
    }

    @Test
    void narrowed_refusesIdsThatDoNotFitOneFilter_namingTheCap() {
        List<String> long400 = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long400.add("x".repeat(30) + i);
        }
        assertThatThrownBy(() -> LookupRoutes.narrowed(List.of("age >= 30"), long400)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot look up 400 ids with filters: at most 1000 ids in at most 10000 characters fit the query"
                        + " engine's IN list (drop the filters to look up to 100000 ids through the lookup index and filter"
                        + " the rows yourself, or split the ids into several requests)");
    }

    private static List<String> texts(com.fasterxml.jackson.databind.node.ArrayNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}

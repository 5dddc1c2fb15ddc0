package dev.featurestore.api;

import static org.assertj.core.api.Assertions.assertThat;

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
        List<String> filters = texts(LookupRoutes.narrowed(List.of("age >= 30"), List.of("c1", "o'brien", "c1")).orElseThrow());

        assertThat(filters).containsExactly("age >= 30", "id IN ('c1', 'o''brien')");
        assertThat(FilterParser.parseAll(filters, SCHEMA)).isPresent();
    }

    @Test
    void narrowed_withNoIds_isAFilterThatMatchesNothing() {
        List<String> filters = texts(LookupRoutes.narrowed(List.of("age >= 30"), List.of()).orElseThrow());

        assertThat(FilterParser.parseAll(filters, SCHEMA)).isPresent();
    }

    @Test
    void narrowed_isEmpty_whenTheIdsDoNotFitOneFilter_soTheEngineNarrows() {
        List<String> long400 = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long400.add("x".repeat(30) + i);
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= LookupRoutes.MAX_ENGINE_IDS; i++) {
            many.add("c" + i);
        }

        assertThat(LookupRoutes.narrowed(List.of("age >= 30"), long400)).as("over 10,000 characters").isEmpty();
        assertThat(LookupRoutes.narrowed(List.of("age >= 30"), many)).as("over 1,000 ids").isEmpty();
        assertThat(LookupRoutes.narrowed(List.of("age >= 30"), many.subList(0, LookupRoutes.MAX_ENGINE_IDS))).isPresent();
    }

    private static List<String> texts(com.fasterxml.jackson.databind.node.ArrayNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package dev.featurestore.query;

import static dev.featurestore.query.TestSchemas.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static List<String> columns(List<String> features, List<String> exclude) {
        return Selection.resolve(CUSTOMER, features, exclude).columnNames();
    }

    @Test
    void returnsIdAndEveryField_whenNothingIsGiven() {
        assertThat(columns(List.of(), List.of()))
                .containsExactly("id", "age", "gender", "distance", "orders_90d", "last_order_at");
    }

    @Test
    void explicitNamesWinOverExcludeStar_asInTheOriginalStore() {
        assertThat(columns(List.of("distance", "gender"), List.of("*"))).containsExactly("id", "distance", "gender");
    }

    @Test
    void keepsRequestOrder_whenFeaturesAreListedExplicitly() {
        assertThat(columns(List.of("last_order_at", "age"), List.of())).containsExactly("id", "last_order_at", "age");
    }

    @Test
    void putsExplicitNamesFirst_thenGlobMatchesInSchemaOrder() {
        assertThat(columns(List.of("*_at", "distance", "a*"), List.of())).containsExactly("id", "distance", "age", "last_order_at");
    }

    @Test
    void listsEachNameOnce_whenItIsRepeatedOrAlsoMatchedByAGlob() {
        assertThat(columns(List.of("gender", "g*", "gender"), List.of())).containsExactly("id", "gender");
    }

    @Test
    void warns_whenATypedPatternMatchesNoField() {
        assertThat(Selection.warnings(CUSTOMER, List.of("return*", "age"), List.of("*", "zz?")))
                .containsExactly("features pattern \"return*\" matches no field", "exclude pattern \"zz?\" matches no field");
    }

    @Test
    void doesNotWarn_whenEveryPatternMatchesOrNothingWasTyped() {
        assertThat(Selection.warnings(CUSTOMER, List.of(), List.of())).isEmpty();
        assertThat(Selection.warnings(CUSTOMER, List.of("dist*", "age"), List.of("*_at"))).isEmpty();
    }

    @Test
    void excludesGlobMatches_whenFeaturesIsAGlob() {
        assertThat(columns(List.of("*"), List.of("*_at", "orders_??d"))).containsExactly("id", "age", "gender", "distance");
    }

    @Test
    void explicitNameWins_whenTheSameNameIsExcluded() {
        assertThat(columns(List.of("age", "dist*"), List.of("age", "distance"))).containsExactly("id", "age");
    }

    @Test
    void returnsOnlyId_whenEverythingIsExcluded() {
        assertThat(columns(List.of(), List.of("*"))).containsExactly("id");
    }

    @Test
    void acceptsAGlobMatchingNothing() {
        assertThat(columns(List.of("loyalty*", "age"), List.of("nothing_*"))).containsExactly("id", "age");
    }

    @Test
    void keepsId_whenIdIsNamedOrExcluded() {
        assertThat(columns(List.of("id", "age"), List.of("id"))).containsExactly("id", "age");
    }

    @Test
    void rejectsUnknownFeature_listingTheKnownFields() {
        assertThatThrownBy(() -> columns(List.of("distnce"), List.of()))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot select fields: unknown field \"distnce\" in features "
                        + "(known fields: id, age, gender, distance, orders_90d, last_order_at)");
    }

    @Test
    void rejectsUnknownExclude_listingTheKnownFields() {
        assertThatThrownBy(() -> columns(List.of(), List.of("agee")))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot select fields: unknown field \"agee\" in exclude "
                        + "(known fields: id, age, gender, distance, orders_90d, last_order_at)");
    }

    @Test
    void rejectsBlankName() {
        assertThatThrownBy(() -> columns(List.of(" "), List.of()))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot select fields: an empty name in features (list field names or globs such as dist*)");
    }

    @Test
    void globMatchesStarAndQuestionMarkOnly() {
        assertThat(Glob.matches("a*c", "abbbc")).isTrue();
        assertThat(Glob.matches("a?c", "abc")).isTrue();
        assertThat(Glob.matches("a?c", "ac")).isFalse();
        assertThat(Glob.matches("a[b]c", "abc")).isFalse();
        assertThat(Glob.matches("a[b]c", "a[b]c")).isTrue();
        assertThat(Glob.matches("*", "")).isTrue();
        assertThat(Glob.matches("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
    }
}

package dev.featurestore.query;

import static dev.featurestore.query.TestSchemas.ALL_TYPES;
import static dev.featurestore.query.TestSchemas.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.QueryException;
import dev.featurestore.types.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    private static Expr parse(String filter) {
        return FilterParser.parse(filter, CUSTOMER);
    }

    private static Expr parseAll(String filter) {
        return FilterParser.parse(filter, ALL_TYPES);
    }

    private static void assertRejected(String filter, String message) {
        assertThatThrownBy(() -> FilterParser.parse(filter, ALL_TYPES))
                .isInstanceOf(QueryException.class)
                .hasMessage(message);
    }

    private static Literal bigint(long v) {
        return Literal.of(FieldType.BIGINT, v);
    }

    @Test
    void parsesComparison_asInTheOriginalStore() {
        assertThat(parse("age >= 30")).isEqualTo(new Expr.Compare("age", CompareOp.GE, bigint(30)));
    }

    @Test
    void parsesEveryComparisonOperator() {
        assertThat(List.of("=", "!=", "<>", "<", "<=", ">", ">=").stream()
                .map(op -> ((Expr.Compare) parse("age " + op + " 1")).op()).toList())
                .containsExactly(CompareOp.EQ, CompareOp.NE, CompareOp.NE, CompareOp.LT, CompareOp.LE, CompareOp.GT,
                        CompareOp.GE);
    }

    @Test
    void bindsAndTighterThanOr_andFlattensChains() {
        Expr a = new Expr.Compare("age", CompareOp.EQ, bigint(1));
        Expr b = new Expr.Compare("age", CompareOp.EQ, bigint(2));
        Expr c = new Expr.Compare("age", CompareOp.EQ, bigint(3));
        assertThat(parse("age = 1 OR age = 2 AND age = 3")).isEqualTo(Expr.or(a, Expr.and(b, c)));
        assertThat(parse("(age = 1 AND age = 2) AND age = 3")).isEqualTo(new Expr.And(List.of(a, b, c)));
        assertThat(parse("(age = 1 OR age = 2) AND age = 3")).isEqualTo(Expr.and(Expr.or(a, b), c));
    }

    @Test
    void readsKeywordsInAnyCase() {
        assertThat(parse("not age in (1) and gender like 'f%' or age is not null"))
                .isEqualTo(parse("NOT age IN (1) AND gender LIKE 'f%' OR age IS NOT NULL"));
    }

    @Test
    void parsesInBetweenIsNullLike_withTheirNegations() {
        assertThat(parse("age NOT IN (1, -2)")).isEqualTo(new Expr.In("age", List.of(bigint(1), bigint(-2)), true));
        assertThat(parse("age BETWEEN 18 AND 30")).isEqualTo(new Expr.Between("age", bigint(18), bigint(30), false));
        assertThat(parse("age NOT BETWEEN 18 AND 30")).isEqualTo(new Expr.Between("age", bigint(18), bigint(30), true));
        assertThat(parse("gender IS NULL")).isEqualTo(new Expr.IsNull("gender", false));
        assertThat(parse("gender IS NOT NULL")).isEqualTo(new Expr.IsNull("gender", true));
        assertThat(parse("gender NOT LIKE 'f\\%'")).isEqualTo(new Expr.Like("gender", "f\\%", true));
    }

    @Test
    void unescapesDoubledQuotesInStringsAndFieldNames() {
        assertThat(parse("\"gender\" = 'o''brien'"))
                .isEqualTo(new Expr.Compare("gender", CompareOp.EQ, Literal.of(FieldType.STRING, "o'brien")));
    }

    @Test
    void typesLiteralsByTheirField() {
        assertThat(((Expr.Compare) parseAll("i = 7")).value()).isEqualTo(Literal.of(FieldType.INT, 7));
        assertThat(((Expr.Compare) parseAll("f = 0.1")).value()).isEqualTo(Literal.of(FieldType.FLOAT, 0.1f));
        assertThat(((Expr.Compare) parseAll("d = 1e3")).value()).isEqualTo(Literal.of(FieldType.DOUBLE, 1000.0));
        assertThat(((Expr.Compare) parseAll("m = 12.30")).value())
                .isEqualTo(Literal.of(FieldType.decimal(10, 2), new BigDecimal("12.30")));
        assertThat(((Expr.Compare) parseAll("b = true")).value()).isEqualTo(Literal.of(FieldType.BOOLEAN, true));
        assertThat(((Expr.Compare) parseAll("dt = '2024-02-29'")).value())
                .isEqualTo(Literal.of(FieldType.DATE, LocalDate.of(2024, 2, 29)));
        assertThat(((Expr.Compare) parseAll("dt = DATE '2024-02-29'")).value())
                .isEqualTo(Literal.of(FieldType.DATE, LocalDate.of(2024, 2, 29)));
        assertThat(((Expr.Compare) parseAll("ts > TIMESTAMP '2024-01-01 10:00:00.5'")).value())
                .isEqualTo(Literal.of(FieldType.TIMESTAMP, Instant.parse("2024-01-01T10:00:00.500Z")));
        assertThat(((Expr.Compare) parseAll("ts > '2024-01-01T10:00Z'")).value())
                .isEqualTo(Literal.of(FieldType.TIMESTAMP, Instant.parse("2024-01-01T10:00:00Z")));
        assertThat(((Expr.Compare) parseAll("ts >= DATE '2024-01-01'")).value())
                .isEqualTo(Literal.of(FieldType.TIMESTAMP, Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(((Expr.Compare) parseAll("l = 5.0")).value()).isEqualTo(Literal.of(FieldType.BIGINT, 5L));
    }

    @Test
    void acceptsFiltersOnId_andOnFieldsNamedLikeTypeKeywords() {
        assertThat(parse("id IN ('c1', 'c2')")).isInstanceOf(Expr.In.class);
        Expr e = FilterParser.parse("date = '2024-01-01' AND \"in\" = 1",
                dev.featurestore.types.Schema.of(new dev.featurestore.types.Field("date", FieldType.DATE),
                        new dev.featurestore.types.Field("in", FieldType.INT)));
        assertThat(e.fields()).containsExactly("date", "in");
    }

    @Test
    void andsSeveralFilters() {
        assertThat(FilterParser.parseAll(List.of("age >= 30", "gender = 'f' OR gender IS NULL"), CUSTOMER))
                .contains(Expr.and(parse("age >= 30"), parse("gender = 'f' OR gender IS NULL")));
        assertThat(FilterParser.parseAll(List.of(), CUSTOMER)).isEmpty();
    }

    @Test
    void rejectsUnknownField_listingKnownFields() {
        assertThatThrownBy(() -> parse("agee >= 30"))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot use filter \"agee >= 30\": unknown field \"agee\" at position 1 "
                        + "(known fields: id, age, gender, distance, orders_90d, last_order_at)");
    }

    @Test
    void rejectsStringForNumberField_namingTheType() {
        assertRejected("l = 'abc'", "Cannot use filter \"l = 'abc'\": field \"l\" is bigint, but 'abc' at position 5 is "
                + "a string (write an integer without quotes, e.g. 30)");
    }

    @Test
    void rejectsNumberForStringField() {
        assertRejected("s = 42", "Cannot use filter \"s = 42\": field \"s\" is string, but 42 at position 5 is a number "
                + "(write a string in single quotes, e.g. 'abc')");
    }

    @Test
    void rejectsFractionForIntegerField() {
        assertRejected("i > 29.5", "Cannot use filter \"i > 29.5\": field \"i\" is int, but 29.5 at position 5 is "
                + "a non-integer number (write an integer without quotes, e.g. 30)");
    }

    @Test
    void rejectsOutOfRangeInteger() {
        assertRejected("i = 3000000000", "Cannot use filter \"i = 3000000000\": the number 3000000000 at position 5 "
                + "is out of range for field \"i\" of type int");
        assertRejected("l = 1e30", "Cannot use filter \"l = 1e30\": the number 1e30 at position 5 "
                + "is out of range for field \"l\" of type bigint");
        assertRejected("d = 1e999", "Cannot use filter \"d = 1e999\": the number 1e999 at position 5 "
                + "is out of range for field \"d\" of type double");
        assertRejected("m = 1e99999999999", "Cannot use filter \"m = 1e99999999999\": the number 1e99999999999 at "
                + "position 5 is out of range for field \"m\" of type decimal(10,2)");
    }

    @Test
    void rejectsBooleanForNumberField_andNumberForBooleanField() {
        assertRejected("l = TRUE", "Cannot use filter \"l = TRUE\": field \"l\" is bigint, but TRUE at position 5 is "
                + "a boolean (write an integer without quotes, e.g. 30)");
        assertRejected("b = 1", "Cannot use filter \"b = 1\": field \"b\" is boolean, but 1 at position 5 is "
                + "a number (write TRUE or FALSE)");
    }

    @Test
    void rejectsInvalidDate() {
        assertRejected("dt = '2024-02-30'", "Cannot use filter \"dt = '2024-02-30'\": '2024-02-30' at position 6 is "
                + "not a valid date (write YYYY-MM-DD, e.g. '2024-01-31')");
    }

    @Test
    void rejectsTimestampWithZoneOffsetOrNanoseconds() {
        assertRejected("ts = '2024-01-01 10:00:00+02:00'", "Cannot use filter \"ts = '2024-01-01 10:00:00+02:00'\": "
                + "'2024-01-01 10:00:00+02:00' at position 6 is not a valid timestamp (write YYYY-MM-DD HH:MM:SS with "
                + "up to 6 fractional digits, e.g. '2024-01-31 10:00:00'; no time zone (UTC))");
        assertThatThrownBy(() -> parseAll("ts = '2024-01-01 10:00:00.1234567'")).isInstanceOf(QueryException.class)
                .hasMessageContaining("is not a valid timestamp");
    }

    @Test
    void rejectsTimestampLiteralForDateField() {
        assertRejected("dt = TIMESTAMP '2024-01-01 10:00:00'", "Cannot use filter \"dt = TIMESTAMP '2024-01-01 10:00:00'\": "
                + "field \"dt\" is date, but TIMESTAMP '2024-01-01 10:00:00' at position 6 is a timestamp "
                + "(write DATE '2024-01-31' or '2024-01-31')");
    }

    @Test
    void rejectsLikeOnNonStringField() {
        assertRejected("l LIKE '1%'", "Cannot use filter \"l LIKE '1%'\": LIKE at position 3 needs a string field, "
                + "but \"l\" is bigint (use =, <, >, BETWEEN or IN)");
    }

    @Test
    void rejectsDanglingBackslashInLikePattern() {
        assertRejected("s LIKE 'a\\b'", "Cannot parse filter \"s LIKE 'a\\b'\": the LIKE pattern at position 8 has a \\ "
                + "not followed by %, _ or \\ (\\ escapes the wildcards; write \\\\ for a backslash)");
    }

    @Test
    void rejectsComparisonWithNull() {
        assertRejected("s = NULL", "Cannot parse filter \"s = NULL\": comparison with NULL at position 5 "
                + "(write s IS NULL; = NULL is never true in SQL)");
        assertRejected("s != null", "Cannot parse filter \"s != null\": comparison with NULL at position 6 "
                + "(write s IS NOT NULL; != NULL is never true in SQL)");
    }

    @Test
    void rejectsSemicolon_withPositionAndExpectation() {
        assertRejected("l >= 30; DROP TABLE x", "Cannot parse filter \"l >= 30; DROP TABLE x\": unexpected ';' at position 8 "
                + "(expected AND, OR or the end of the filter; a filter is one condition, not a statement)");
    }

    @Test
    void rejectsMissingLiteral_atTheEnd() {
        assertRejected("l >=", "Cannot parse filter \"l >=\": unexpected end of filter at position 5 (expected a literal: "
                + "a number, a 'string', TRUE, FALSE, DATE 'YYYY-MM-DD' or TIMESTAMP 'YYYY-MM-DD HH:MM:SS')");
    }

    @Test
    void rejectsUnbalancedParentheses() {
        assertRejected("(l = 1", "Cannot parse filter \"(l = 1\": unexpected end of filter at position 7 "
                + "(expected AND, OR or ')')");
        assertRejected("l = 1)", "Cannot parse filter \"l = 1)\": unexpected ')' at position 6 "
                + "(expected AND, OR or the end of the filter (this ')' has no matching '('))");
    }

    @Test
    void rejectsUnterminatedString() {
        assertRejected("s = 'abc", "Cannot parse filter \"s = 'abc\": unterminated string starting at position 5 "
                + "(close it with '; write '' for a ' inside it)");
    }

    @Test
    void rejectsFunctionCall() {
        assertRejected("lower(s) = 'a'", "Cannot parse filter \"lower(s) = 'a'\": function calls are not supported: "
                + "lower( at position 1 (a condition compares a field with literals, e.g. age >= 30)");
    }

    @Test
    void rejectsFieldOnTheRight() {
        assertRejected("l = i", "Cannot parse filter \"l = i\": unexpected 'i' at position 5 (expected a literal: a number, "
                + "a 'string', TRUE, FALSE, DATE 'YYYY-MM-DD' or TIMESTAMP 'YYYY-MM-DD HH:MM:SS' (comparing with "
                + "another field or calling a function is not supported))");
    }

    @Test
    void rejectsReservedWordAsBareFieldName() {
        assertRejected("in = 1", "Cannot parse filter \"in = 1\": unexpected keyword in at position 1 (expected a field "
                + "name, NOT or '('; a field named in must be written in double quotes: \"in\")");
    }

    @Test
    void rejectsUnicodeLookAlike_namingTheCharacter() {
        assertRejected("l ＝ 1", "Cannot parse filter \"l ＝ 1\": unexpected '＝' U+FF1D FULLWIDTH EQUALS SIGN "
                + "at position 3 (expected an operator: =, !=, <>, <, <=, >, >=, IN, NOT IN, "
                + "BETWEEN, NOT BETWEEN, IS NULL, IS NOT NULL, LIKE, NOT LIKE; only ASCII is allowed outside quotes)");
    }

    @Test
    void rejectsInvisibleCharacter_showingItsCode() {
        assertRejected("l\u200B= 1", "Cannot parse filter \"lU+200B= 1\": unexpected U+200B ZERO WIDTH SPACE "
                + "at position 2 (expected an operator: =, !=, <>, <, <=, >, >=, IN, NOT IN, "
                + "BETWEEN, NOT BETWEEN, IS NULL, IS NOT NULL, LIKE, NOT LIKE; only ASCII is allowed outside quotes)");
    }

    @Test
    void rejectsComments() {
        assertRejected("l = 1 -- x", "Cannot parse filter \"l = 1 -- x\": unexpected comment '--' at position 7 "
                + "(expected AND, OR or the end of the filter; comments are not allowed)");
    }

    @Test
    void rejectsEmptyFilter() {
        assertRejected("  ", "Cannot parse filter \"  \": it is empty (write a condition such as age >= 30, "
                + "or leave the filter out)");
    }

    @Test
    void rejectsTooLongFilter() {
        String filter = "s = '" + "x".repeat(FilterParser.MAX_LENGTH) + "'";
        assertThatThrownBy(() -> parseAll(filter))
                .isInstanceOf(QueryException.class)
                .hasMessageEndingWith("…\": it is 10006 characters long, over the limit of 10000 at position 10001 "
                        + "(split it into several filters, they are ANDed)")
                .hasMessageStartingWith("Cannot parse filter \"s = 'xxxx");
    }

    @Test
    void rejectsDeepNesting() {
        String filter = "(".repeat(51) + "l = 1" + ")".repeat(51);
        assertThatThrownBy(() -> parseAll(filter))
                .isInstanceOf(QueryException.class)
                .hasMessageEndingWith(": nesting deeper than 50 levels of parentheses or NOT at position 51 "
                        + "(simplify the condition)");
        assertThat(parseAll("(".repeat(50) + "l = 1" + ")".repeat(50))).isInstanceOf(Expr.Compare.class);
    }

    @Test
    void rejectsTooLongInList() {
        StringBuilder filter = new StringBuilder("l IN (0");
        for (int i = 1; i <= FilterParser.MAX_IN_LIST; i++) {
            filter.append(',').append(i);
        }
        filter.append(')');
        assertThatThrownBy(() -> parseAll(filter.toString()))
                .isInstanceOf(QueryException.class)
                .hasMessageEndingWith(": the IN list at position 6 has more than 1000 values (at most 1000 allowed)");
    }

    @Test
    void rejectsTooManyFilters() {
        assertThatThrownBy(() -> FilterParser.parseAll(java.util.Collections.nCopies(101, "age = 1"), CUSTOMER))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot use 101 filters: at most 100 allowed (combine conditions with AND/OR inside fewer filters)");
    }

    @Test
    void rejectsTooMuchFilterTextInTotal() {
        List<String> filters = java.util.Collections.nCopies(3, "gender = '" + "x".repeat(9000) + "'");
        assertThatThrownBy(() -> FilterParser.parseAll(filters, CUSTOMER))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot use filters of 27033 characters in total: at most 20000 allowed");
    }

    @Test
    void countsPositionsInCharacters_notUtf16Units() {
        assertRejected("s = '\uD83D\uDE00' ;", "Cannot parse filter \"s = '\uD83D\uDE00' ;\": unexpected ';' at position 9 "
                + "(expected AND, OR or the end of the filter; a filter is one condition, not a statement)");
    }

    @Test
    void hintsTheSqlSpelling_ofPandasAndCOperators() {
        assertRejected("l == 1", "Cannot parse filter \"l == 1\": unexpected '==' at position 3 (expected an operator: "
                + "=, !=, <>, <, <=, >, >=, IN, NOT IN, BETWEEN, NOT BETWEEN, IS NULL, IS NOT NULL, LIKE, NOT LIKE; "
                + "write = to compare)");
        assertRejected("l = 1 && l = 2", "Cannot parse filter \"l = 1 && l = 2\": unexpected '&&' at position 7 "
                + "(expected AND, OR or the end of the filter; write AND)");
    }
}

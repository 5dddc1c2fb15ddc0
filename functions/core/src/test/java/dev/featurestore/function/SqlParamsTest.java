package dev.featurestore.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlParamsTest {
    private static final String FN = "SQL function 'orders' (customer/orders.sql) for org 'acme'";

    private static Params params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new Params(m);
    }

    @Test
    void bind_rendersEachTypeAsOneLiteral() {
        String sql = "SELECT id FROM t WHERE a > {{ params.min }} AND b < {{params.lat}} AND c = {{ params.on }} AND d = {{ params.tier }}";

        assertThat(SqlParams.bind(sql, params("min", 2500L, "lat", 52.52, "on", true, "tier", "gold"), FN))
                .isEqualTo("SELECT id FROM t WHERE a > 2500 AND b < 52.52 AND c = TRUE AND d = 'gold'");
    }

    @Test
    void bind_negativeNumbers_areParenthesized_soAMinusBeforeThemCannotStartAComment() {
        assertThat(SqlParams.bind("SELECT x -{{ params.n }} AS y, x -{{ params.d }} AS z", params("n", -5L, "d", -0.5), FN))
                .isEqualTo("SELECT x -(-5) AS y, x -(-0.5) AS z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x'); DROP TABLE customers; --", "O'Brien", "''", "a\\'b", "line\nbreak -- c", "*/ /* {{ params.t }}", "\u00e9\u4e2d"})
    void bind_hostileStrings_becomeOneQuotedLiteralWithQuotesDoubled(String hostile) {
        String bound = SqlParams.bind("SELECT {{ params.t }} AS v", params("t", hostile), FN);

        assertThat(bound).isEqualTo("SELECT '" + hostile.replace("'", "''") + "' AS v");
        // the literal is one string token: stripping it leaves exactly the SQL around it
        assertThat(bound.substring(0, 7) + bound.substring(bound.length() - 5)).isEqualTo("SELECT  AS v");
    }

    @Test
    void bind_leavesPlaceholdersInCommentsAsWritten() {
        String sql = "SELECT 1 -- uses {{ params.t }}\n/* {{ params.t }} */ , {{ params.t }}";

        assertThat(SqlParams.bind(sql, params("t", "x'\nDROP"), FN))
                .isEqualTo("SELECT 1 -- uses {{ params.t }}\n/* {{ params.t }} */ , 'x''\nDROP'");
        assertThat(SqlParams.references(sql)).containsExactly("t");
    }

    @Test
    void bind_refusesAPlaceholderInsideQuotes() {
        assertThatThrownBy(() -> SqlParams.bind("SELECT '{{ params.t }}' AS v", params("t", "x"), FN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot bind params in " + FN + ": a placeholder inside a quoted string ('{{ params.t }}')"
                        + " (write {{ params.NAME }} without quotes: it becomes a quoted literal itself)");
        assertThatThrownBy(() -> SqlParams.bind("SELECT 1 AS \"{{ params.t }}\"", params("t", "x"), FN))
                .hasMessageContaining("a placeholder inside a quoted identifier");
    }

    @Test
    void bind_refusesUnknownParamsOtherPlaceholdersAndUnsafeValues() {
        assertThatThrownBy(() -> SqlParams.bind("SELECT {{ params.nope }}", params("t", 1L), FN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot bind params in " + FN + ": it uses {{ params.nope }}, which is not set (known: [t]; add it under params:)");
        assertThatThrownBy(() -> SqlParams.bind("SELECT {{ t }}", params("t", 1L), FN))
                .hasMessage("Cannot bind params in " + FN + ": '{{ t }}' is not a param placeholder (write {{ params.NAME }})");
        assertThatThrownBy(() -> SqlParams.bind("SELECT {{ params.t.x }}", params("t", 1L), FN))
                .hasMessageContaining("is not a param placeholder");
        assertThatThrownBy(() -> SqlParams.bind("SELECT {{ params.d }}", params("d", Double.NaN), FN))
                .hasMessage("Cannot bind params in " + FN + ": params.d is NaN (set a finite number)");
        assertThatThrownBy(() -> SqlParams.bind("SELECT {{ params.s }}", params("s", "a\0b"), FN))
                .hasMessage("Cannot bind params in " + FN + ": params.s contains a NUL character (remove it)");
    }

    @Test
    void bind_withoutPlaceholders_returnsTheSqlUnchanged() {
        String sql = "SELECT id, '{' || x || '}' AS j FROM t -- {{ not a param }}";

        assertThat(SqlParams.bind(sql, params(), FN)).isEqualTo(sql);
    }

    @Test
    void withNulls_replacesPlaceholdersOutsideCommentsAndQuotes() {
        assertThat(SqlParams.withNulls("SELECT {{ params.a }} AS a, '{{ params.b }}' AS b -- {{ params.c }}"))
                .isEqualTo("SELECT NULL AS a, '{{ params.b }}' AS b -- {{ params.c }}");
    }
}

package dev.featurestore.query;

import static dev.featurestore.query.TestSchemas.ALL_TYPES;
import static dev.featurestore.query.TestSchemas.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DecimalLiteral;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.GenericLiteral;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.StringLiteral;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Athena cannot run here, so the Athena rendering is checked with Trino's own SQL parser (Athena engine v3
 * is Trino): every rendered filter parses, and the only identifiers in it are the tree's fields.
 */
class AthenaSqlSyntaxTest {
    private static final SqlParser TRINO = new SqlParser();
    private static final SqlRenderer ATHENA = SqlRenderer.create(SqlDialect.ATHENA);

    private static Expression where(String filterSql) {
        Statement s = TRINO.createStatement("SELECT \"id\" FROM \"db\".\"t\" WHERE " + filterSql);
        return ((QuerySpecification) ((Query) s).getQueryBody()).getWhere().orElseThrow();
    }

    private static Set<String> identifiers(Expression e) {
        Set<String> ids = new TreeSet<>();
        new DefaultTraversalVisitor<Void>() {
            @Override
            protected Void visitIdentifier(Identifier node, Void context) {
                ids.add(node.getValue());
                return null;
            }
        }.process(e, null);
        return ids;
    }

    private static List<String> literals(Expression e) {
        List<String> values = new ArrayList<>();
        new DefaultTraversalVisitor<Void>() {
            @Override
            protected Void visitStringLiteral(StringLiteral node, Void context) {
                values.add(node.getValue());
                return null;
            }

            @Override
            protected Void visitDecimalLiteral(DecimalLiteral node, Void context) {
                values.add("DECIMAL " + node.getValue());
                return null;
            }

            @Override
            protected Void visitGenericLiteral(GenericLiteral node, Void context) {
                values.add(node.getType() + " " + node.getValue());
                return null;
            }
        }.process(e, null);
        return values;
    }

    @Test
    void everyRandomFilterIsValidTrinoSql_readingOnlyItsFields() {
        for (int seed = 0; seed < 2_000; seed++) {
            Expr tree = new RandomFilters(seed, ALL_TYPES).expr(4);
            Expression where = where(ATHENA.expression(tree));
            assertThat(identifiers(where)).as("seed %d", seed).isEqualTo(new TreeSet<>(tree.fields()));
        }
    }

    @Test
    void hostileLookingValidFiltersStayOneStringLiteral() {
        Expression where = where(ATHENA.expression(FilterParser.parse(
                "gender = '''; DROP TABLE customer; --' OR gender LIKE '%\\%'' UNION SELECT 1 --'", CUSTOMER)));
        assertThat(identifiers(where)).containsExactly("gender");
        assertThat(literals(where)).containsExactly("'; DROP TABLE customer; --", "%\\%' UNION SELECT 1 --", "\\");
    }

    @Test
    void typedLiteralsParseAsTheirTypes() {
        Expression where = where(ATHENA.expression(FilterParser.parse(
                "f = 1.5 AND d = 2 AND m = 1.25 AND dt = '2024-01-31' AND ts = '2024-01-31 10:00:00'", ALL_TYPES)));
        assertThat(literals(where)).containsExactly("REAL 1.5", "DOUBLE 2.0", "DECIMAL 1.25", "DATE 2024-01-31",
                "TIMESTAMP 2024-01-31 10:00:00.000");
    }

    @Test
    void wholeSelectWithPartitionsAndLimitIsValidTrinoSql() {
        FeatureQuery q = FeatureQuery.builder("customer", "acme").features("age", "gender")
                .filters("age >= 30 OR gender IS NULL", "last_order_at >= DATE '2024-01-01'").limit(100).build();
        Map<String, String> partitions = new LinkedHashMap<>();
        partitions.put("org", "ac'me");
        partitions.put("version", "v1");
        String sql = ATHENA.select(QueryPlan.of(q, CUSTOMER), ATHENA.qualifiedName("featurestore_dev", "customer"), partitions);
        Statement statement = TRINO.createStatement(sql);
        QuerySpecification spec = (QuerySpecification) ((Query) statement).getQueryBody();
        assertThat(spec.getSelect().getSelectItems()).hasSize(3);
        assertThat(spec.getLimit()).isPresent();
        assertThat(identifiers(spec.getWhere().orElseThrow()))
                .containsExactlyInAnyOrder("org", "version", "age", "gender", "last_order_at");
        assertThat(literals(spec.getWhere().orElseThrow())).startsWith("ac'me", "v1");
    }
}

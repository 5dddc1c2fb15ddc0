package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.types.FieldType;
import dev.featurestore.types.TypeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cross-checks between functions and fields: output types, and each problem once with the orgs it affects. */
class GroupCrossCheckTest {
    @TempDir
    Path config;

    /** A fake engine type: readable only as the one field type it names. */
    record ExactType(String engineName, FieldType fits) implements OutputType {
        @Override
        public boolean readableAs(FieldType declared) {
            return declared.equals(fits) || (fits.kind() == TypeKind.BIGINT && declared.kind() == TypeKind.DOUBLE);
        }

        @Override
        public Optional<FieldType> fittingFieldType() {
            return Optional.of(fits);
        }

        @Override
        public String castSql(String column, FieldType declared) {
            return "CAST(" + column + " AS " + declared.sqlName().toUpperCase() + ")";
        }
    }

    /** The SQL function "orders" returns orders_90d as BIGINT; a Java function declares names only (profile: age). */
    private final FunctionOutputs outputs = fn -> switch (fn) {
        case FunctionSpec.Sql sql -> Optional.of(List.of(new OutputColumn("orders_90d", Optional.of(new ExactType("BIGINT", FieldType.BIGINT)))));
        case FunctionSpec.Java java -> Optional.of(java.declaredFields().orElse(List.of("age")).stream().map(OutputColumn::named).toList());
    };

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(config.resolve("groups"));
        Files.createDirectories(config.resolve("customer"));
        Files.writeString(config.resolve("customer/orders.sql"), "select id, count(*) as orders_90d from orders group by id");
    }

    private List<String> problems(String yaml) throws IOException {
        Files.writeString(config.resolve("groups/customer.yaml"), yaml);
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, GroupConfig> groups = ConfigLoader.create(config, outputs).loadAll(problems);
        assertThat(groups.isEmpty()).isEqualTo(!problems.isEmpty());
        return problems.stream().map(ConfigProblem::toString).map(s -> s.substring(s.indexOf("customer.yaml"))).toList();
    }

    private static String group(String ordersType, String orgs) {
        return """
                group: customer
                fields: { orders_90d: %s, age: int }
                functions:
                  - sql: customer/orders.sql
                  - class: dev.example.Profile
                orgs:
                %s
                """.formatted(ordersType, orgs.indent(2));
    }

    @Test
    void validTypes_noProblem() throws IOException {
        assertThat(problems(group("bigint", "acme: {}\nglobex: {}"))).isEmpty();
        assertThat(problems(group("double", "acme: {}\nglobex: {}"))).as("bigint is readable as double").isEmpty();
    }

    @Test
    void sqlOutputOfTheWrongType_namesTheLocationColumnBothTypesAndTheFix_once() throws IOException {
        assertThat(problems(group("string", "acme: {}\nglobex: {}"))).containsExactly(
                "customer.yaml: functions[0]: SQL function 'orders' (customer/orders.sql) returns column 'orders_90d' as BIGINT,"
                        + " but field 'orders_90d' is declared string (orgs acme, globex)"
                        + " (declare fields.orders_90d as bigint, or cast it in the SQL: CAST(... AS STRING) AS orders_90d)");
    }

    @Test
    void singleOrg_problemWithoutOrgs() throws IOException {
        assertThat(problems(group("date", "acme: {}"))).containsExactly(
                "customer.yaml: functions[0]: SQL function 'orders' (customer/orders.sql) returns column 'orders_90d' as BIGINT,"
                        + " but field 'orders_90d' is declared date"
                        + " (declare fields.orders_90d as bigint, or cast it in the SQL: CAST(... AS DATE) AS orders_90d)");
    }

    @Test
    void problemOfSomeOrgs_reportedOnce_namingOnlyThoseOrgs() throws IOException {
        String orgs = """
                acme: { fields: { churn: double } }
                globex: { fields: { churn: double } }
                initech: {}""";
        assertThat(problems(group("bigint", orgs))).containsExactly(
                "customer.yaml: orgs.acme.fields.churn: field 'churn' is declared but no function produces it (org acme)"
                        + " (add a function that does, or remove the field)",
                "customer.yaml: orgs.globex.fields.churn: field 'churn' is declared but no function produces it (org globex)"
                        + " (add a function that does, or remove the field)");
    }

    @Test
    void groupProblemWithOrgOverrides_reportedOnce_notOncePerOrgPlusOnceWithout() throws IOException {
        String orgs = """
                acme: { params: { tier: gold }, fields: { loyalty: string }, functions: [ { class: dev.example.Loyalty, fields: [loyalty] } ] }
                globex: {}""";
        List<String> problems = problems(group("bigint", orgs).replace("age: int", "age: int, churn: double"));

        assertThat(problems).containsExactly(
                "customer.yaml: fields.churn: field 'churn' is declared but no function produces it (orgs acme, globex)"
                        + " (add a function that does, or remove the field)");
    }
}

package dev.featurestore.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionTask;
import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.DataException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.sources.SampleSources;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.local.testing.TestConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFunctionRunnerTest {
    @TempDir
    static Path lake;
    static DuckDb db;
    static LocalObjectStore store;

    @BeforeAll
    static void sources() {
        db = DuckDb.open(2);
        store = LocalObjectStore.create(lake);
        SampleSources.create(2_000, 7).generate(db, lake.resolve("sources"));
        db.registerSources(lake.resolve("sources"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static ResolvedGroup acme() {
        return ConfigLoader.create(TestConfig.configDir()).load("customer").forOrg("acme");
    }

    private static String describe(Path file) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + dev.featurestore.local.duckdb.Sql.readParquet(file))) {
            StringBuilder cols = new StringBuilder();
            while (rs.next()) {
                cols.append(rs.getString(1)).append(':').append(rs.getString(2)).append(' ');
            }
            return cols.toString().trim();
        }
    }

    @Test
    void run_javaFunction_writesItsPartialAtTheTaskKey_withIdAndItsDeclaredTypes() throws Exception {
        ResolvedGroup acme = acme();
        FunctionTask task = new FunctionTask(acme, acme.function("customer_profile"), "r1", "r1",
                "staging/customer/org=acme/run=r1/customer_profile.parquet");

        FunctionOutcome outcome = new LocalFunctionRunner(db, store).run(task);

        assertThat(outcome.rows()).isEqualTo(2_000);
        assertThat(outcome.queries()).containsExactly("SELECT id, birth_date, gender, lat, long, email_opt_in FROM customers");
        assertThat(describe(store.path(task.partialKey()))).isEqualTo(
                "id:VARCHAR age:INTEGER gender:VARCHAR birth_date:DATE distance:DOUBLE email_opt_in:BOOLEAN");
    }

    @Test
    void run_sqlFunction_writesTheQueryResult() throws Exception {
        ResolvedGroup acme = acme();
        FunctionTask task = new FunctionTask(acme, acme.function("orders"), "r2", "r2", "staging/customer/org=acme/run=r2/orders.parquet");

        FunctionOutcome outcome = new LocalFunctionRunner(db, store).run(task);

        assertThat(outcome.rows()).isBetween(1_500L, 2_000L);
        assertThat(describe(store.path(task.partialKey()))).startsWith("id:VARCHAR orders_90d:BIGINT revenue_90d:DECIMAL(38,2)");
    }

    @Test
    void write_sqlFunctionReturningUndeclaredColumn_isAConfigErrorNamingTheColumn() {
        FunctionSpec.Sql bad = new FunctionSpec.Sql("bad", "customer/bad.sql", "SELECT id, 1 AS surprise FROM customers;", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).write(acme(), bad, "r3", lake.resolve("x/bad.parquet"), new ArrayList<>()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot run SQL function 'bad' (customer/bad.sql): it returns column 'surprise', which group 'customer'"
                        + " does not declare for org 'acme' (declare it under fields:, or drop it)");
    }

    @Test
    void write_sqlFunctionWithASyntaxError_isADataErrorNamingTheFunction() {
        FunctionSpec.Sql bad = new FunctionSpec.Sql("broken", "customer/broken.sql", "SELEC id FROM customers", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).write(acme(), bad, "r4", lake.resolve("x/broken.parquet"), new ArrayList<>()))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot run SQL function 'broken' (customer/broken.sql) for org 'acme': ");
    }

    @Test
    void write_javaFunctionNotOnTheClasspath_isAConfigErrorNamingTheClass() {
        FunctionSpec.Java missing = new FunctionSpec.Java("nope", "dev.example.Nope", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).write(acme(), missing, "r5", lake.resolve("x/nope.parquet"), new ArrayList<>()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot run function 'nope': class 'dev.example.Nope' not found on the classpath");
    }
}

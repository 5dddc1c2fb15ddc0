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

    private static FunctionTask task(FunctionSpec fn, String run) {
        return new FunctionTask(acme(), fn, run, run, "staging/customer/org=acme/run=" + run + "/" + fn.name() + ".parquet");
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
    void run_sqlFunctionReturningUndeclaredColumn_isAConfigErrorNamingTheColumn() {
        FunctionSpec.Sql bad = new FunctionSpec.Sql("bad", "customer/bad.sql", "SELECT id, 1 AS surprise FROM customers;", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).run(task(bad, "r3")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot run SQL function 'bad' (customer/bad.sql): it returns column 'surprise', which group 'customer'"
                        + " does not declare for org 'acme' (declare it under fields:, or drop it)");
    }

    @Test
    void run_sqlFunctionWithASyntaxError_isADataErrorNamingTheFunction() {
        FunctionSpec.Sql bad = new FunctionSpec.Sql("broken", "customer/broken.sql", "SELEC id FROM customers", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).run(task(bad, "r4")))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot run SQL function 'broken' (customer/broken.sql) for org 'acme': ");
    }

    @Test
    void run_javaFunctionNotOnTheClasspath_isAConfigErrorNamingTheClass() {
        FunctionSpec.Java missing = new FunctionSpec.Java("nope", "dev.example.Nope", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).run(task(missing, "r5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot run function 'nope': class 'dev.example.Nope' not found on the classpath");
    }

    @Test
    void run_sqlFunctionWithParams_bindsHostileValuesAsLiterals_onDuckDb() throws Exception {
        ResolvedGroup base = acme();
        String hostile = "x'); DROP VIEW customers; --";
        ResolvedGroup acme = new ResolvedGroup(base.group(), base.org(), base.fields(), base.functions(),
                new dev.featurestore.function.Params(java.util.Map.of("tier", hostile, "shift", -2L)), base.drift());
        FunctionSpec.Sql fn = new FunctionSpec.Sql("tiered", "customer/tiered.sql",
                "SELECT id, -- {{ params.tier }}\n{{ params.tier }} AS favourite_category, 40 -{{ params.shift }} AS age FROM customers;\n",
                Optional.empty());
        FunctionTask task = new FunctionTask(acme, fn, "r6", "r6", "staging/customer/org=acme/run=r6/tiered.parquet");

        FunctionOutcome outcome = new LocalFunctionRunner(db, store).run(task);

        assertThat(outcome.rows()).isEqualTo(2_000);
        assertThat(outcome.queries()).containsExactly("SELECT id, -- {{ params.tier }}\n'x''); DROP VIEW customers; --' AS favourite_category, "
                + "40 -(-2) AS age FROM customers");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(DISTINCT favourite_category), min(favourite_category), min(age), "
                     + "(SELECT count(*) FROM customers) FROM " + dev.featurestore.local.duckdb.Sql.readParquet(store.path(task.partialKey())))) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo(hostile);
            assertThat(rs.getInt(3)).isEqualTo(42);
            assertThat(rs.getLong(4)).isEqualTo(2_000); // the view is still there
        }
    }

    @Test
    void run_failingJavaFunction_leavesNoPartialAndNoWorkFiles() throws Exception {
        FunctionSpec.Java failing = new FunctionSpec.Java("failing", Failing.class.getName(), Optional.empty());

        assertThatThrownBy(() -> new LocalFunctionRunner(db, store).run(task(failing, "r7")))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith("for org 'acme': java.lang.IllegalStateException: half way");
        assertThat(store.path(task(failing, "r7").partialKey())).doesNotExist();
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(lake.resolve(LocalFunctionRunner.WORK_DIR))) {
            assertThat(left).isEmpty();
        }
    }

    /** Writes a row, then fails half way. */
    public static final class Failing implements dev.featurestore.function.FeatureFunction {
        @Override
        public java.util.List<String> fields() {
            return java.util.List.of("age");
        }

        @Override
        public void compute(dev.featurestore.function.FunctionContext context) {
            context.partial().write("c1", 1);
            throw new IllegalStateException("half way");
        }
    }
}

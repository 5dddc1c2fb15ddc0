package dev.featurestore.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.DataException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.sources.SampleSources;
import dev.featurestore.local.testing.TestConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFunctionRunnerTest {
    @TempDir
    static Path lake;
    static DuckDb db;

    @BeforeAll
    static void sources() {
        db = DuckDb.open(2);
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

    @Test
    void runAll_writesOnePartialPerFunction_withIdAndItsFields() throws Exception {
        List<LocalFunctionRunner.FunctionResult> results = new LocalFunctionRunner(db)
                .runAll(acme(), "run1", lake.resolve("staging"), 2, LocalFunctionRunner.Listener.NONE);

        assertThat(results).extracting(LocalFunctionRunner.FunctionResult::function)
                .containsExactly("orders", "customer_profile", "acme_loyalty");
        assertThat(results.get(1).rows()).isEqualTo(2_000);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM '" + results.get(1).partial() + "'")) {
            StringBuilder cols = new StringBuilder();
            while (rs.next()) {
                cols.append(rs.getString(1)).append(':').append(rs.getString(2)).append(' ');
            }
            assertThat(cols.toString().trim()).isEqualTo(
                    "id:VARCHAR age:INTEGER gender:VARCHAR birth_date:DATE distance:DOUBLE email_opt_in:BOOLEAN");
        }
    }

    @Test
    void run_sqlFunctionReturningUndeclaredColumn_isAConfigErrorNamingTheColumn() {
        FunctionSpec.Sql bad = new FunctionSpec.Sql("bad", "customer/bad.sql", "SELECT id, 1 AS surprise FROM customers;", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db).run(acme(), bad, "run2", lake.resolve("staging/bad.parquet")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot run SQL function 'bad' (customer/bad.sql): it returns column 'surprise', which group 'customer'"
                        + " does not declare for org 'acme' (declare it under fields:, or drop it)");
    }

    @Test
    void run_sqlFunctionWithASyntaxError_isADataErrorNamingTheFunction() {
        FunctionSpec.Sql bad = new FunctionSpec.Sql("broken", "customer/broken.sql", "SELEC id FROM customers", Optional.empty());
        assertThatThrownBy(() -> new LocalFunctionRunner(db).run(acme(), bad, "run3", lake.resolve("staging/broken.parquet")))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot run SQL function 'broken' (customer/broken.sql) for org 'acme': ");
    }
}

package dev.featurestore.calculate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.DataException;
import dev.featurestore.function.FeatureFunction;
import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.Params;
import dev.featurestore.function.SourceRows;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.parquet.ParquetRows;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one executor both runtimes use, over a fake engine: the SQL contract, params, empty results, failures. */
class FunctionExecutorTest {
    private static final Schema FIELDS = new Schema(List.of(new Field("age", FieldType.INT), new Field("tier", FieldType.STRING)));

    @TempDir
    Path work;
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final List<String> sqlSeen = new ArrayList<>();
    int opened;
    int closed;

    /** An engine that "returns" the given columns and writes one row per id, or nothing for an empty result. */
    private final class FakeEngine implements SourceEngine {
        private final List<String> columns;
        private final int rows;
        private final boolean writesEmpty;

        FakeEngine(List<String> columns, int rows, boolean writesEmpty) {
            this.columns = columns;
            this.rows = rows;
            this.writesEmpty = writesEmpty;
            opened++;
        }

        @Override
        public Query query(String sql) {
            sqlSeen.add(sql);
            return new Query(new OneRow(), Optional.of("q-" + sqlSeen.size()));
        }

        @Override
        public Export export(String sql, Path target, Consumer<List<String>> check) {
            sqlSeen.add(sql.strip());
            if (sql.contains("SYNTAX")) {
                throw new Failure("syntax error at SYNTAX", null);
            }
            check.accept(columns);
            if (rows == 0 && !writesEmpty) {
                return new Export(0, false, Optional.of("q-export"));
            }
            try (ParquetPartialWriter w = ParquetPartialWriter.create(target, FIELDS)) {
                for (int i = 0; i < rows; i++) {
                    w.write("id" + i, i, "gold");
                }
            }
            return new Export(rows, true, Optional.of("q-export"));
        }

        @Override
        public void close() {
            closed++;
        }
    }

    private FunctionExecutor executor(List<String> columns, int rows, boolean writesEmpty) {
        return new FunctionExecutor(store, task -> new FakeEngine(columns, rows, writesEmpty), work);
    }

    private static ResolvedGroup group(FunctionSpec... functions) {
        return new ResolvedGroup("customer", "acme", FIELDS, List.of(functions), new Params(Map.of("min", 30L, "tier", "it's")),
                DriftSettings.DEFAULT);
    }

    private static FunctionTask task(FunctionSpec fn) {
        return new FunctionTask(group(fn), fn, "r1", "v1", "staging/customer/org=acme/run=r1/" + fn.name() + ".parquet");
    }

    private void assertNothingLeft(FunctionTask task) throws IOException {
        assertThat(store.objects()).doesNotContainKey(task.partialKey());
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
        assertThat(closed).isEqualTo(opened);
    }

    @Test
    void sql_exportsTheBoundSelect_andStoresThePartialAtTheTaskKey() throws Exception {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("orders", "c/orders.sql",
                "SELECT id, age, {{ params.tier }} AS tier FROM t WHERE age > {{ params.min }};;", Optional.empty());

        FunctionOutcome outcome = executor(List.of("id", "age", "tier"), 3, true).run(task(fn));

        assertThat(sqlSeen).containsExactly("SELECT id, age, 'it''s' AS tier FROM t WHERE age > 30");
        assertThat(outcome).isEqualTo(new FunctionOutcome("orders", 3, outcome.durationMs(), sqlSeen, List.of("q-export")));
        assertThat(store.objects()).containsKey(task(fn).partialKey());
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
        assertThat(closed).isEqualTo(1);
    }

    @Test
    void sql_returningAnUndeclaredColumn_isAConfigError_andStoresNothing() throws Exception {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("bad", "c/bad.sql", "SELECT id, 1 AS surprise", Optional.empty());

        assertThatThrownBy(() -> executor(List.of("id", "surprise"), 1, true).run(task(fn)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot run SQL function 'bad' (c/bad.sql): it returns column 'surprise', which group 'customer'"
                        + " does not declare for org 'acme' (declare it under fields:, or drop it)");
        assertNothingLeft(task(fn));
    }

    @Test
    void sql_withoutAnIdColumn_isAConfigError() {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("noid", "c/noid.sql", "SELECT 1 AS age", Optional.empty());

        assertThatThrownBy(() -> executor(List.of("age"), 1, true).run(task(fn)))
                .hasMessage("Cannot run SQL function 'noid' (c/noid.sql): it returns no 'id' column (select the entity key AS id)");
    }

    @Test
    void sql_theEngineRejects_isADataErrorNamingTheFunctionAndOrg() throws Exception {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("broken", "c/broken.sql", "SYNTAX", Optional.empty());

        assertThatThrownBy(() -> executor(List.of("id"), 1, true).run(task(fn)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot run SQL function 'broken' (c/broken.sql) for org 'acme': syntax error at SYNTAX");
        assertNothingLeft(task(fn));
    }

    @Test
    void sql_emptyResultWithoutAFile_storesAnEmptyPartialWithTheDeclaredColumns() throws Exception {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("orders", "c/orders.sql", "SELECT id, age FROM t", Optional.of(List.of("age")));

        FunctionOutcome outcome = executor(List.of("id", "age"), 0, false).run(task(fn));

        assertThat(outcome.rows()).isZero();
        Path file = work.resolve("check.parquet");
        store.download(task(fn).partialKey(), file);
        assertThat(ParquetRows.read(file, new Schema(List.of(new Field("age", FieldType.INT))))).isEmpty();
    }

    /** Writes one row, then fails: its writer must be aborted and nothing stored. */
    public static final class Failing implements FeatureFunction {
        @Override
        public List<String> fields() {
            return List.of("age");
        }

        @Override
        public void compute(FunctionContext context) {
            try (SourceRows rows = context.query("SELECT id FROM t")) {
                rows.next();
            }
            context.partial().write("a", 1);
            throw new IllegalStateException("boom");
        }
    }

    /** Counts its source query ids. */
    public static final class Querying implements FeatureFunction {
        @Override
        public List<String> fields() {
            return List.of("tier");
        }

        @Override
        public void compute(FunctionContext context) {
            for (int i = 0; i < 2; i++) {
                try (SourceRows rows = context.query("SELECT id FROM t" + i)) {
                    rows.next();
                    context.partial().write(rows.getString("id") + i, context.params().getString("tier"));
                }
            }
        }
    }

    @Test
    void java_failure_abortsTheWriter_andStoresNothing() throws Exception {
        FunctionSpec.Java fn = new FunctionSpec.Java("failing", Failing.class.getName(), Optional.empty());

        assertThatThrownBy(() -> executor(List.of(), 0, true).run(task(fn)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot run function 'failing' (" + Failing.class.getName() + ") for org 'acme': java.lang.IllegalStateException: boom");
        assertNothingLeft(task(fn));
    }

    @Test
    void java_recordsItsQueriesAndTheEngineQueryIds() {
        FunctionSpec.Java fn = new FunctionSpec.Java("querying", Querying.class.getName(), Optional.empty());

        FunctionOutcome outcome = executor(List.of(), 0, true).run(task(fn));

        assertThat(outcome.rows()).isEqualTo(2);
        assertThat(outcome.queries()).containsExactly("SELECT id FROM t0", "SELECT id FROM t1");
        assertThat(outcome.queryIds()).containsExactly("q-1", "q-2");
    }

    @Test
    void java_classNotOnTheClasspath_isAConfigError() {
        FunctionSpec.Java fn = new FunctionSpec.Java("nope", "dev.example.Nope", Optional.empty());

        assertThatThrownBy(() -> executor(List.of(), 0, true).run(task(fn)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot run function 'nope': class 'dev.example.Nope' not found on the classpath");
    }

    /** One row with id "x". */
    private static final class OneRow implements SourceRows {
        private boolean done;

        @Override
        public boolean next() {
            boolean has = !done;
            done = true;
            return has;
        }

        @Override
        public boolean isNull(String column) {
            return false;
        }

        @Override
        public String getString(String column) {
            return "x";
        }

        @Override
        public long getLong(String column) {
            return 0;
        }

        @Override
        public double getDouble(String column) {
            return 0;
        }

        @Override
        public boolean getBoolean(String column) {
            return false;
        }

        @Override
        public java.time.LocalDate getDate(String column) {
            return null;
        }

        @Override
        public java.time.Instant getTimestamp(String column) {
            return null;
        }

        @Override
        public Object get(String column) {
            return "x";
        }

        @Override
        public void close() {
        }
    }
}

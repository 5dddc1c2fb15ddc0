package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.DataException;
import dev.featurestore.error.UsageException;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input is a clear error naming the partial, and leaves nothing behind. */
class MergerErrorTest {

    private static final Schema SCHEMA = Schema.of(new Field("n", FieldType.BIGINT), new Field("small", FieldType.INT),
            new Field("s", FieldType.STRING));

    @TempDir
    Path tmp;
    private InMemoryDuckDb duck;

    @BeforeEach
    void open() throws Exception {
        duck = InMemoryDuckDb.open();
    }

    @AfterEach
    void close() throws Exception {
        duck.close();
    }

    private Path partial(String name, String select) throws Exception {
        return duck.copy(select, tmp.resolve(name + ".parquet"), "");
    }

    private void merge(Partial... partials) {
        Merger.merge(MergeRequest.of(SCHEMA, List.of(partials), tmp.resolve("out"), tmp.resolve("spill")));
    }

    private void assertNothingWritten() throws Exception {
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(MergeTesting.list(tmp.resolve("spill"))).isEmpty();
    }

    @Test
    void mergeFails_whenPartialHasDuplicateId() throws Exception {
        Path f = partial("orders", "SELECT 'c' || (i % 5000) AS id, i AS n FROM range(6000) t(i)");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessageMatching("Cannot merge partial 'orders' \\(" + java.util.regex.Pattern.quote(f.toString())
                        + "\\): id 'c\\d+' occurs more than once \\(ids must be unique within a partial; aggregate or deduplicate in function 'orders'\\)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenDuplicateIdsAreInDifferentRowGroups() throws Exception {
        Path f = duck.copy("SELECT 'c' || (i % 3) AS id FROM range(4) t(i)", tmp.resolve("orders.parquet"), "ROW_GROUP_SIZE 2");
        assertThatThrownBy(() -> Merger.merge(new MergeRequest(SCHEMA, List.of(new Partial("orders", f)), tmp.resolve("out"),
                tmp.resolve("spill"), 2, ColumnObserver.Factory.NONE), 1))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge partial 'orders' (" + f + "): id 'c0' occurs more than once (ids must be unique within a partial; aggregate or deduplicate in function 'orders')");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenIdIsNull() throws Exception {
        Path f = partial("orders", "SELECT * FROM (VALUES ('a', 1), (NULL, 2)) t(id, n)");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge partial 'orders' (" + f + "): row 2 has a null id (every row needs an entity id; filter out rows without one in the function)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenIdColumnIsMissing() throws Exception {
        Path f = partial("orders", "SELECT 1::BIGINT AS n, 'x' AS s");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge partial 'orders' (" + f + "): it has no 'id' column (every partial needs the entity id as a string column named id; columns: n, s)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenIdIsNotAString() throws Exception {
        Path f = partial("orders", "SELECT 1::BIGINT AS id, 2::BIGINT AS n");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge partial 'orders' (" + f + "): column 'id' is INT64 INTEGER(64,true), expected a string (BINARY STRING) (cast the id to a string in the function, e.g. CAST(id AS VARCHAR))");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenColumnCannotBeCastToDeclaredType() throws Exception {
        Path f = partial("orders", "SELECT 'a' AS id, 1.5::DOUBLE AS n");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge partial 'orders' (" + f + "): column 'n' is Parquet DOUBLE, which cannot be cast to the declared type bigint (declare a matching type, or cast it in the function; see the cast matrix in docs/merge.md)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenValueDoesNotFitDeclaredType() throws Exception {
        Path f = partial("orders", "SELECT * FROM (VALUES ('a', 1::BIGINT), ('b', 3000000000::BIGINT)) t(id, small)");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot read partial 'orders' (" + f + "): column 'small' holds 3000000000, which does not fit the declared type int (declare a wider type, or cast the value in the function)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenColumnIsNotDeclared() throws Exception {
        Path f = partial("orders", "SELECT 'a' AS id, 1::BIGINT AS n, 2 AS extra");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge partial 'orders' (" + f + "): column 'extra' is not declared (declare it under fields: with its type, or drop it from the function)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenFieldIsProducedByTwoPartials() throws Exception {
        Path a = partial("orders", "SELECT 'a' AS id, 1::BIGINT AS n");
        Path b = partial("profile", "SELECT 'a' AS id, 2::BIGINT AS n");
        assertThatThrownBy(() -> merge(new Partial("orders", a), new Partial("profile", b)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge: field 'n' is produced by both partials 'orders' and 'profile' (each field must come from exactly one function)");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenFileIsNotParquet() throws Exception {
        Path f = Files.writeString(tmp.resolve("orders.parquet"), "id,n\na,1\n");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot read partial 'orders' (" + f + "): not a readable Parquet file (")
                .hasMessageContaining("is not a Parquet file");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenFileIsTruncated() throws Exception {
        Path f = partial("orders", "SELECT 'c' || i AS id, i AS n FROM range(1000) t(i)");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot read partial 'orders' (" + f + "): not a readable Parquet file (");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenFileIsMissing() throws Exception {
        Path f = tmp.resolve("orders.parquet");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot read partial 'orders' (" + f + "): file not found");
        assertNothingWritten();
    }

    @Test
    void mergeFails_whenOutputDirectoryAlreadyHoldsParts() throws Exception {
        Path f = partial("orders", "SELECT 'a' AS id, 1::BIGINT AS n");
        Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("out/part-00000.parquet"), "old");
        assertThatThrownBy(() -> merge(new Partial("orders", f)))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot merge into " + tmp.resolve("out") + ": it already holds part-*.parquet files (write to a new or empty directory)");
        assertThat(Files.readString(tmp.resolve("out/part-00000.parquet"))).isEqualTo("old");
    }

    @Test
    void mergeLeavesExistingOutputDirectoryEmpty_whenItFails() throws Exception {
        Path f = partial("orders", "SELECT * FROM (VALUES ('a', 1), ('a', 2)) t(id, n)");
        Files.createDirectories(tmp.resolve("out"));
        assertThatThrownBy(() -> merge(new Partial("orders", f))).isInstanceOf(DataException.class);
        assertThat(MergeTesting.list(tmp.resolve("out"))).isEmpty();
    }

    @Test
    void partialWriterFails_whenIdIsNull() throws Exception {
        Schema schema = Schema.of(new Field("n", FieldType.BIGINT));
        try (ParquetPartialWriter w = ParquetPartialWriter.create(tmp.resolve("fn.parquet"), schema)) {
            w.write("a", 1L);
            assertThatThrownBy(() -> w.write(null, 2L))
                    .isInstanceOf(DataException.class)
                    .hasMessage("Cannot write partial fn.parquet: row 2 has a null id (every entity needs an id; filter out or fill rows without one)");
        }
    }

    @Test
    void partialWriterFails_whenValueHasWrongType() throws Exception {
        Schema schema = Schema.of(new Field("n", FieldType.BIGINT));
        try (ParquetPartialWriter w = ParquetPartialWriter.create(tmp.resolve("fn.parquet"), schema)) {
            assertThatThrownBy(() -> w.write("a", 1.5))
                    .isInstanceOf(DataException.class)
                    .hasMessage("Cannot write partial fn.parquet: field 'n' of id 'a': got 1.5 (Double) for type bigint (pass an integer (Long or Integer))");
        }
    }
}

package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.DataException;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partials damaged after they were written are the data's fault (a DataException naming the partial, exit 3),
 * never an internal error; and a 0-row partial as pyarrow writes it (one empty row group) is valid.
 */
class CorruptPartialTest {
    private static final Schema SCHEMA = Schema.of(new Field("age", FieldType.BIGINT), new Field("name", FieldType.STRING));

    @TempDir
    Path tmp;

    private Path duckPartial(String name) throws Exception {
        try (InMemoryDuckDb duck = InMemoryDuckDb.open()) {
            return duck.copy("SELECT 'c' || i AS id, i AS age, 'name-' || (i % 10) AS name FROM range(1000) t(i)",
                    tmp.resolve(name + ".parquet"), "COMPRESSION snappy");
        }
    }

    private MergeResult merge(Partial... partials) {
        return Merger.merge(MergeRequest.of(SCHEMA, List.of(partials), tmp.resolve("out"), tmp.resolve("spill")));
    }

    /** Overwrites {@code length} bytes of the column chunk of {@code column}, {@code skip} bytes into it, in place. */
    private static void damage(Path file, String column, int skip, int length) throws Exception {
        long start;
        try (ParquetFile f = ParquetFile.open(file, "partial")) {
            ColumnChunkMetaData chunk = f.rowGroup(0).block().getColumns().stream()
                    .filter(c -> c.getPath().toDotString().equals(column)).findFirst().orElseThrow();
            start = chunk.getStartingPos();
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(start + skip);
            byte[] junk = new byte[length];
            java.util.Arrays.fill(junk, (byte) 0xff);
            raf.write(junk);
        }
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void corruptPageInAPartial_isADataErrorNamingIt_notAnInternalError() throws Exception {
        Path p = duckPartial("profile");
        damage(p, "name", 24, 24); // past the dictionary page's header: its compressed values

        assertThatThrownBy(() -> merge(new Partial("profile", p)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot read partial 'profile' (" + p + "): row group 0 is corrupt (");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void corruptPageHeader_isADataErrorToo() throws Exception {
        Path p = duckPartial("profile");
        damage(p, "age", 0, 16);

        assertThatThrownBy(() -> merge(new Partial("profile", p)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot read partial 'profile' (" + p + "): row group 0 is corrupt");
    }

    @Test
    void emptyPyarrowPartial_isValid_andMergesToItsOtherPartials() throws Exception {
        Path empty = tmp.resolve("ages.parquet");
        Files.copy(CorruptPartialTest.class.getResourceAsStream("/partials/empty-pyarrow.parquet"), empty);
        Path names;
        try (InMemoryDuckDb duck = InMemoryDuckDb.open()) {
            names = duck.copy("SELECT 'c' || i AS id, 'n' || i AS name FROM range(3) t(i)", tmp.resolve("names.parquet"), "");
        }

        MergeResult result = merge(new Partial("ages", empty), new Partial("names", names));

        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.rowsPerPartial()).containsEntry("ages", 0L).containsEntry("names", 3L);
    }

    @Test
    void emptyPyarrowPartial_alone_givesAnEmptyVersion() throws Exception {
        Path empty = tmp.resolve("ages.parquet");
        Files.copy(CorruptPartialTest.class.getResourceAsStream("/partials/empty-pyarrow.parquet"), empty);

        MergeResult result = Merger.merge(MergeRequest.of(Schema.of(new Field("age", FieldType.BIGINT)), List.of(new Partial("ages", empty)),
                tmp.resolve("out"), tmp.resolve("spill")));

        assertThat(result.rows()).isZero();
        assertThat(result.files()).hasSize(1);
    }
}

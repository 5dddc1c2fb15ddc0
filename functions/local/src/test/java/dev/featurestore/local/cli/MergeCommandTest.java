package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.parquet.ParquetRows;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MergeCommandTest {

    @TempDir
    Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new MergeCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path partial(String name, Schema schema, Object[]... rows) {
        Path f = tmp.resolve(name + ".parquet");
        try (ParquetPartialWriter w = ParquetPartialWriter.create(f, schema)) {
            for (Object[] row : rows) {
                Object[] values = new Object[row.length - 1];
                System.arraycopy(row, 1, values, 0, values.length);
                w.write((String) row[0], values);
            }
        }
        return f;
    }

    @Test
    void mergeWritesJoinedRowsAndPrintsCount_whenInputIsValid() throws Exception {
        Path fields = Files.writeString(tmp.resolve("fields.yaml"), "fields:\n  age: int64\n  gender: string\n");
        Path a = partial("profile", Schema.of(new Field("gender", FieldType.STRING)), new Object[] {"a", "f"}, new Object[] {"b", "m"});
        Path b = partial("orders", Schema.of(new Field("age", FieldType.BIGINT)), new Object[] {"b", 30L}, new Object[] {"c", 40L});

        int code = run("--fields", fields.toString(), "--out", tmp.resolve("out").toString(), a.toString(), b.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).matches("merged 3 rows from 2 partials into .*out \\(\\d files\\) in \\d+\\.\\d\\d s\\R");
        Schema schema = Schema.of(new Field("age", FieldType.BIGINT), new Field("gender", FieldType.STRING));
        List<Map<String, Object>> rows = Files.list(tmp.resolve("out")).flatMap(p -> ParquetRows.read(p, schema).stream()).toList();
        assertThat(rows).extracting(r -> r.get("id") + ":" + r.get("age") + ":" + r.get("gender"))
                .containsExactlyInAnyOrder("a:null:f", "b:30:m", "c:40:null");
    }

    @Test
    void mergeExitsWith3AndNamesPartial_whenIdIsDuplicated() throws Exception {
        Path fields = Files.writeString(tmp.resolve("fields.yaml"), "fields:\n  age: bigint\n");
        Path a = partial("orders", Schema.of(new Field("age", FieldType.BIGINT)), new Object[] {"a", 1L}, new Object[] {"a", 2L});

        int code = run("--fields", fields.toString(), "--out", tmp.resolve("out").toString(), a.toString());

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("featurestore merge: Cannot merge partial 'orders' (" + a
                + "): id 'a' occurs more than once (ids must be unique within a partial; aggregate or deduplicate in function 'orders')"
                + System.lineSeparator());
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void mergeExitsWith2_whenFieldsFileHasUnknownType() throws Exception {
        Path fields = Files.writeString(tmp.resolve("fields.yaml"), "fields:\n  age: number\n");
        int code = run("--fields", fields.toString(), "--out", tmp.resolve("out").toString(), tmp.resolve("x.parquet").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("featurestore merge: Invalid config (1 problem):\n  " + fields + ": fields.age: unknown type 'number'");
    }

    @Test
    void mergeExitsWith2_whenNoPartialIsGiven() {
        int code = run("--fields", "f.yaml", "--out", "out");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'PARTIAL.parquet'");
    }

    @Test
    void helpDescribesUsage() {
        int code = run("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: merge [-hV] --fields=FIELDS.yaml --out=DIR", "Exit codes: 0 ok, 2 usage or config error");
    }
}

package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get --ids and training-set end to end over a calculated lake (1,000 customers). */
class LookupCliTest {
    @TempDir
    static Path lake;
    @TempDir
    Path tmp;
    static Cli cli;
    static List<String> ids;

    @BeforeAll
    static void calculate() {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "1000").exitCode()).isZero();
        Cli.Result r = cli.run("calculate", "customer", "--org", "acme");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Cli.Result some = cli.run("get", "customer", "--org", "acme", "--features", "age", "--exclude", "*", "--format", "csv", "--limit", "4");
        ids = Arrays.stream(some.out().trim().split("\n")).skip(1).map(l -> l.split(",")[0]).toList();
        assertThat(ids).hasSize(4);
    }

    @Test
    void getIds_returnsTheSameRowsAsAFilterOnId_inTheIdsOrder() throws Exception {
        Path file = tmp.resolve("ids.txt");
        List<String> asked = List.of(ids.get(2), "nope", ids.get(0), ids.get(3));
        Files.write(file, asked);

        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--ids", file.toString(), "--format", "csv");
        Cli.Result filtered = cli.run("get", "customer", "--org", "acme", "--format", "csv", "--filter",
                "id IN (" + asked.stream().map(i -> "'" + i + "'").collect(Collectors.joining(", ")) + ")");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = List.of(r.out().trim().split("\n"));
        assertThat(lines.get(0)).isEqualTo(filtered.out().trim().split("\n")[0]);
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[0]).containsExactly(ids.get(2), ids.get(0), ids.get(3));
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(
                Arrays.asList(filtered.out().trim().split("\n")).subList(1, 4));
    }

    @Test
    void getIds_givesNullRowsForUnknownIds_withIncludeMissing_andReadsParquetIdFiles() throws Exception {
        Path file = tmp.resolve("ids.parquet");
        try (DuckDb db = DuckDb.open(1); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES ('nope'), ('" + ids.get(1) + "')) t(id)) TO '" + file + "' (FORMAT parquet)");
        }

        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--ids", file.toString(), "--include-missing",
                "--features", "age", "--exclude", "*", "--format", "csv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().trim().split("\n")).hasSize(3);
        assertThat(r.out().trim().split("\n")[1]).isEqualTo("nope,");
        assertThat(r.out().trim().split("\n")[2]).startsWith(ids.get(1) + ",");
    }

    @Test
    void getIds_refusesBadIdFiles_andIdsWithFilters() throws Exception {
        Path many = tmp.resolve("many.txt");
        Files.write(many, IntStream.range(0, 100_001).mapToObj(i -> "c" + i).toList());
        Path intIds = tmp.resolve("int.parquet");
        Path noId = tmp.resolve("noid.csv");
        Files.writeString(noId, "key\na\n");
        try (DuckDb db = DuckDb.open(1); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 7 AS id) TO '" + intIds + "' (FORMAT parquet)");
        }
        Path one = tmp.resolve("one.txt");
        Files.writeString(one, ids.get(0) + "\n");

        Cli.Result over = cli.run("get", "customer", "--org", "acme", "--ids", many.toString());
        Cli.Result notString = cli.run("get", "customer", "--org", "acme", "--ids", intIds.toString());
        Cli.Result noColumn = cli.run("get", "customer", "--org", "acme", "--ids", noId.toString());
        Cli.Result withLimit = cli.run("get", "customer", "--org", "acme", "--ids", one.toString(), "--limit", "3");

        assertThat(over.exitCode()).isEqualTo(2);
        assertThat(over.err()).contains("Cannot look up 100001 ids: at most 100000 per request");
        assertThat(notString.exitCode()).isEqualTo(3);
        assertThat(notString.err()).contains("Cannot read --ids " + intIds + ": column 'id' is INTEGER (ids are strings; cast them when writing the file)");
        assertThat(noColumn.exitCode()).isEqualTo(3);
        assertThat(noColumn.err()).contains("Cannot read --ids " + noId + ": it has no column 'id' (columns: key)");
        assertThat(withLimit.exitCode()).isEqualTo(2);
        assertThat(withLimit.err()).contains("Cannot use --ids with --limit (the ids already bound the rows)");
    }

    @Test
    void getIdsWithFilter_returnsTheFilteredRowsOfTheIds() throws Exception {
        Cli.Result all = cli.run("get", "customer", "--org", "acme", "--features", "age", "--exclude", "*", "--format", "csv");
        List<String[]> rows = Arrays.stream(all.out().trim().split("\n")).skip(1).map(l -> l.split(",")).toList();
        List<String> some = rows.stream().limit(300).map(r -> r[0]).toList();
        List<String> expected = rows.stream().limit(300).filter(r -> !r[1].isEmpty() && Integer.parseInt(r[1]) >= 40)
                .map(r -> r[0] + "," + r[1]).toList();
        Path file = tmp.resolve("ids.txt");
        Files.write(file, some);

        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--ids", file.toString(), "--features", "age",
                "--exclude", "*", "--filter", "age >= 40", "--format", "csv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(expected).isNotEmpty();
        assertThat(Arrays.asList(r.out().trim().split("\n")).subList(1, r.out().trim().split("\n").length))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void trainingSet_joinsTheVersionAsOfEachEventTime_keepingOrderAndLabels() throws Exception {
        Path entities = tmp.resolve("rows.csv");
        Files.writeString(entities, "id,event_time,label\n" + ids.get(0) + ",2000-01-01T00:00:00Z,1\n"
                + ids.get(1) + ",2999-01-01T00:00:00+02:00,0\n");
        Path out = tmp.resolve("set.parquet");

        Cli.Result r = cli.run("training-set", "customer", "--org", "acme", "--entities", entities.toString(), "--out",
                out.toString(), "--features", "age", "--exclude", "*");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote 2 rows (1 features, 1 versions in the timeline) to ");
        Cli.Result age = cli.run("get", "customer", "--org", "acme", "--features", "age", "--exclude", "*", "--format", "csv",
                "--filter", "id = '" + ids.get(1) + "'");
        List<String> rows = new ArrayList<>();
        try (DuckDb db = DuckDb.open(1); Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, event_time, label, age FROM read_parquet('" + out + "')")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        assertThat(rows).containsExactly(ids.get(0) + "|2000-01-01T00:00:00Z|1|null",
                ids.get(1) + "|2999-01-01T00:00:00+02:00|0|" + age.out().trim().split("\n")[1].split(",")[1]);
    }

    @Test
    void trainingSet_refusesAnEntityFileWithoutEventTime() throws Exception {
        Path entities = tmp.resolve("rows.csv");
        Files.writeString(entities, "id,label\na,1\n");

        Cli.Result r = cli.run("training-set", "customer", "--org", "acme", "--entities", entities.toString(), "--out",
                tmp.resolve("x.parquet").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot read --entities " + entities + ": it has no column 'event_time' (columns: id, label)");
    }
}

package dev.featurestore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Merger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's pieces on a tiny workload: deterministic generation, both merges agree. */
class BenchSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void generatorWritesSameFiles_whenSeedIsSame() throws Exception {
        Generator.generate(2000, tmp.resolve("a"), 7, 2);
        Generator.generate(2000, tmp.resolve("b"), 7, 2);
        for (int p = 1; p <= 4; p++) {
            assertThat(Files.readAllBytes(tmp.resolve("a/p" + p + ".parquet")))
                    .isEqualTo(Files.readAllBytes(tmp.resolve("b/p" + p + ".parquet")));
        }
    }

    @Test
    void projectAndDuckDbOutputsAgree_whenWorkloadIsTiny() throws Exception {
        Path data = tmp.resolve("data");
        Generator.generate(3000, data, Generator.SEED, 2);
        MergeResult r = Merger.merge(new MergeRequest(Workload.OUTPUT, Workload.partials(data), tmp.resolve("project"), tmp, 2,
                ColumnObserver.Factory.NONE));
        Files.createDirectories(tmp.resolve("duck"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(Workload.duckDbCopy(data, tmp.resolve("duck/out.parquet")));
        }
        assertThat(r.rows()).isEqualTo(3000);
        assertThat(Checksums.compare(tmp.resolve("project"), tmp.resolve("duck"))).isEmpty();
    }
}

package dev.featurestore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** One run of DuckDB's FULL JOIN over the workload: {@code DuckDbMerge DATA_DIR OUT_DIR}. */
public final class DuckDbMerge {

    private DuckDbMerge() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(Workload.duckDbCopy(data, out.resolve("duckdb.parquet")));
        }
        System.out.println("duckdb: " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}

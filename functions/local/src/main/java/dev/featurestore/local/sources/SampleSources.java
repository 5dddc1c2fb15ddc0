package dev.featurestore.local.sources;

import dev.featurestore.error.StorageException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Generates the demo's source tables ({@code customers}, {@code orders}) as Parquet files in
 * {@code <lake>/sources/}. Every value is derived from a hash of the row number and a seed, so the same seed
 * and size give the same data on any machine and with any number of threads; ~1M orders take a few seconds.
 */
public final class SampleSources {
    public static final int DEFAULT_CUSTOMERS = 100_000;
    public static final int ORDERS_PER_CUSTOMER = 10;
    public static final long DEFAULT_SEED = 42;
    public static final List<String> TABLES = List.of("customers", "orders");

    private final int customers;
    private final long seed;

    private SampleSources(int customers, long seed) {
        if (customers < 1) {
            throw new IllegalArgumentException("Cannot generate " + customers + " customers (need at least 1)");
        }
        this.customers = customers;
        this.seed = seed;
    }

    public static SampleSources create(int customers, long seed) {
        return new SampleSources(customers, seed);
    }

    public static SampleSources defaults() {
        return new SampleSources(DEFAULT_CUSTOMERS, DEFAULT_SEED);
    }

    /** True when every source table exists in {@code dir}. */
    public static boolean present(Path dir) {
        return TABLES.stream().allMatch(t -> Files.isRegularFile(dir.resolve(t + ".parquet")));
    }

    /** Writes the tables that are missing in {@code dir}; returns true when it wrote any. */
    /** Creates empty views with the sample tables' columns, so SQL can be described without data. */
    public void registerEmptyViews(DuckDb db) {
        db.execute("CREATE OR REPLACE VIEW customers AS " + customersSql() + " LIMIT 0");
        db.execute("CREATE OR REPLACE VIEW orders AS " + ordersSql() + " LIMIT 0");
    }

    public boolean generateIfMissing(DuckDb db, Path dir) {
        if (present(dir)) {
            return false;
        }
        generate(db, dir);
        return true;
    }

    /** Writes (or replaces) every table; each file appears atomically. */
    public void generate(DuckDb db, Path dir) {
        try {
            Files.createDirectories(dir);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                write(s, customersSql(), dir.resolve("customers.parquet"));
                write(s, ordersSql(), dir.resolve("orders.parquet"));
            }
        } catch (IOException | SQLException e) {
            throw new StorageException("Cannot generate the sample sources in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Statement s, String select, Path target) throws SQLException, IOException {
        Path temp = target.resolveSibling(".tmp-" + target.getFileName());
        s.execute("COPY (" + select + ") TO " + Sql.literal(temp.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION snappy)");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A uniform number in [0, 1) from the row number and a salt. */
    private String u(String row, int salt) {
        return "((hash(" + row + ", " + (seed * 1000 + salt) + ") % 1000000)::DOUBLE / 1e6)";
    }

    String customersSql() {
        return """
                SELECT printf('c%%09d', i) AS id,
                       DATE '1946-01-01' + CAST(%s * 21000 AS INTEGER) AS birth_date,
                       CASE WHEN %s < 0.02 THEN NULL
                            WHEN %s < 0.50 THEN 'female' WHEN %s < 0.98 THEN 'male' ELSE 'diverse' END AS gender,
                       round(36.0 + %s * 24.0, 5) AS lat,
                       round(-9.0 + %s * 39.0, 5) AS long,
                       TIMESTAMP '2018-01-01' + to_seconds(CAST(%s * 8.8 * 365 * 86400 AS BIGINT)) AS signed_up_at,
                       %s < 0.6 AS email_opt_in,
                       (['de', 'fr', 'es', 'it', 'pl', 'nl', 'at', 'se'])[1 + CAST(%s * %s * 8 AS INTEGER)] AS country
                FROM range(%d) t(i)
                """.formatted(u("i", 1), u("i", 2), u("i", 2), u("i", 2), u("i", 3), u("i", 4), u("i", 5),
                u("i", 6), u("i", 7), u("i", 7), customers);
    }

    String ordersSql() {
        long orders = (long) customers * ORDERS_PER_CUSTOMER;
        // customer ids skewed towards low numbers (u^1.6): some customers order a lot, some never
        return """
                SELECT o AS order_id,
                       printf('c%%09d', CAST(floor(pow(%s, 1.6) * %d) AS BIGINT)) AS customer_id,
                       TIMESTAMP '2025-11-01' + to_seconds(CAST(%s * 365 * 86400 AS BIGINT)) AS ordered_at,
                       CAST(round(4.99 + pow(%s, 3) * 495.0, 2) AS DECIMAL(10,2)) AS amount,
                       (['books', 'electronics', 'garden', 'grocery', 'fashion', 'toys', 'sports', 'beauty'])
                           [1 + CAST(%s * %s * 8 AS INTEGER)] AS category,
                       %s < 0.04 AS returned
                FROM range(%d) t(o)
                """.formatted(u("o", 11), customers, u("o", 12), u("o", 13), u("o", 14), u("o", 15), u("o", 16), orders);
    }
}

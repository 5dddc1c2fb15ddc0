package dev.featurestore.local.duckdb;

import dev.featurestore.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.duckdb.DuckDBPreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB engine of local mode: one in-memory database per process, a connection per caller
 * ({@link #connect()} duplicates the root one, so views are shared). Source tables are views over the
 * Parquet files of {@code <lake>/sources/}.
 */
public final class DuckDb implements AutoCloseable {
    private final DuckDBConnection root;

    private DuckDb(DuckDBConnection root) {
        this.root = root;
    }

    /** An in-memory database; {@code threads} 0 means DuckDB's default (all cores). */
    public static DuckDb open(int threads) {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties props = new Properties();
            if (threads > 0) {
                props.setProperty("threads", Integer.toString(threads));
            }
            return new DuckDb((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props));
        } catch (ClassNotFoundException | SQLException e) {
            throw new StorageException("Cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    public static DuckDb open() {
        return open(0);
    }

    /** A new connection to the same database; the caller closes it. */
    public Connection connect() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new StorageException("Cannot open a DuckDB connection: " + e.getMessage(), e);
        }
    }

    /**
     * Creates one view per source: {@code <name>.parquet} files and {@code <name>/} directories of Parquet
     * files under {@code sourcesDir}.
     *
     * @return the source table names
     */
    public List<String> registerSources(Path sourcesDir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(sourcesDir)) {
            return names;
        }
        try (Stream<Path> entries = Files.list(sourcesDir); Connection c = connect(); Statement s = c.createStatement()) {
            for (Path p : entries.sorted().toList()) {
                String file = p.getFileName().toString();
                String name;
                String glob;
                if (Files.isRegularFile(p) && file.endsWith(".parquet")) {
                    name = file.substring(0, file.length() - ".parquet".length());
                    glob = p.toAbsolutePath().toString();
                } else if (Files.isDirectory(p)) {
                    name = file;
                    glob = p.toAbsolutePath().resolve("*.parquet").toString();
                } else {
                    continue;
                }
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    continue;
                }
                s.execute("CREATE OR REPLACE VIEW " + Sql.identifier(name.toLowerCase(Locale.ROOT))
                        + " AS SELECT * FROM " + Sql.readParquet(List.of(glob)));
                names.add(name.toLowerCase(Locale.ROOT));
            }
        } catch (IOException | SQLException e) {
            throw new StorageException("Cannot register the sources in " + sourcesDir + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** Runs a statement that returns nothing. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new StorageException("Cannot run DuckDB statement: " + e.getMessage(), e);
        }
    }

    /** Writes the result of a SELECT to a Parquet file (snappy); returns the rows written. */
    public long copyToParquet(Connection c, String select, Path target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO " + Sql.literal(target.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION snappy)");
            return s.getUpdateCount();
        }
    }

    /**
     * Like {@link #copyToParquet(Connection, String, Path)}, handing {@code progress} a live reading of the
     * query's progress while it runs: the percentage of the rows it has to scan (DuckDB's estimate), or -1 when
     * unknown or finished.
     */
    public long copyToParquet(Connection c, String select, Path target, Consumer<DoubleSupplier> progress) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET enable_progress_bar = true");
            s.execute("SET enable_progress_bar_print = false");
            DuckDBPreparedStatement statement = s.unwrap(DuckDBPreparedStatement.class);
            Object lock = new Object();
            AtomicBoolean running = new AtomicBoolean(true);
            progress.accept(() -> {
                synchronized (lock) {
                    if (!running.get()) {
                        return -1;
                    }
                    try {
                        return statement.getQueryProgress().getPercentage();
                    } catch (SQLException e) {
                        return -1;
                    }
                }
            });
            try {
                s.execute("COPY (" + select + ") TO " + Sql.literal(target.toAbsolutePath().toString())
                        + " (FORMAT parquet, COMPRESSION snappy)");
                return s.getUpdateCount();
            } finally {
                synchronized (lock) {
                    running.set(false);
                }
            }
        }
    }

    /** The columns (name, DuckDB type) a SELECT returns, without running it. */
    public static List<Column> describe(Connection c, String select) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE (" + select + ")")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
            }
        }
        return columns;
    }

    public record Column(String name, String type) {
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
        }
    }
}

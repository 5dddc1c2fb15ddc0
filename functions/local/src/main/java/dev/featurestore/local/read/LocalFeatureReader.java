package dev.featurestore.local.read;

import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.api.RowCursor;
import dev.featurestore.query.CsvRowsWriter;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.JsonRowsWriter;
import dev.featurestore.query.QueryPlan;
import dev.featurestore.query.SqlDialect;
import dev.featurestore.query.SqlRenderer;
import dev.featurestore.types.Field;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * get_features in local mode: resolves the version (given, as of an instant, or current), checks the query
 * against that version's schema (core's {@link QueryPlan}: selection and parsed filters), renders it for
 * DuckDB from the tree (never from the user's text) over {@code read_parquet([...])} of the version's files,
 * and streams the rows as JSON, CSV or a Parquet file.
 */
public final class LocalFeatureReader {
    private static final SqlRenderer RENDERER = SqlRenderer.create(SqlDialect.DUCKDB);

    private final DuckDb db;
    private final LocalObjectStore store;
    private final VersionStore versions;

    private final CheckedFiles checked;

    /** A reader that checks every file it reads afresh (a runtime shares one {@link CheckedFiles} between its readers). */
    public LocalFeatureReader(DuckDb db, LocalObjectStore store, VersionStore versions) {
        this(db, store, versions, new CheckedFiles());
    }

    public LocalFeatureReader(DuckDb db, LocalObjectStore store, VersionStore versions, CheckedFiles checked) {
        this.db = db;
        this.store = store;
        this.versions = versions;
        this.checked = checked;
    }

    /** A checked query over one version: what will be read, and the SQL that reads it. */
    public record Prepared(FeatureQuery query, String version, QueryPlan plan, String sql) {
        public List<Field> columns() {
            return plan.selection().columns();
        }
    }

    public Prepared prepare(FeatureQuery query) {
        String version = query.version()
                .or(() -> query.asOf().map(at -> versions.asOf(query.group(), query.org(), at)))
                .orElseGet(() -> versions.requireCurrent(query.group(), query.org()));
        VersionFiles manifest = VersionFiles.read(store, query.group(), query.org(), version);
        return prepare(QueryPlan.of(query.withVersion(version), manifest.fields()), manifest);
    }

    /** Prepares a plan already checked against the schema of the version its query names. */
    public Prepared prepare(QueryPlan plan) {
        FeatureQuery query = plan.query();
        String version = query.version().orElseThrow(() -> new IllegalArgumentException("Cannot prepare a plan without a version"));
        return prepare(plan, VersionFiles.read(store, query.group(), query.org(), version));
    }

    private Prepared prepare(QueryPlan plan, VersionFiles manifest) {
        FeatureQuery query = plan.query();
        String version = query.version().orElseThrow();
        List<String> files = new ArrayList<>();
        DataFileCheck check = new DataFileCheck(query.group(), query.org(), version);
        for (Manifest.DataFile f : manifest.files()) {
            Path p = store.path(f.key());
            checked.check(check, f, p, manifest.written()); // as the manifest recorded it, else a DataException naming the file
            files.add(p.toString());
        }
        String from = files.isEmpty() ? emptyRelation(manifest.fields()) : Sql.readParquet(files);
        return new Prepared(query, version, plan, RENDERER.select(plan, from));
    }

    /** A version without rows has no files: an empty relation with its columns. */
    private static String emptyRelation(dev.featurestore.types.Schema fields) {
        StringBuilder b = new StringBuilder("(SELECT CAST(NULL AS VARCHAR) AS id");
        for (Field f : fields.fields()) {
            b.append(", CAST(NULL AS ").append(dev.featurestore.local.duckdb.DuckDbTypes.sqlType(f.type()))
                    .append(") AS ").append(Sql.identifier(f.name()));
        }
        return b.append(" WHERE false)").toString();
    }

    /** Streams the answer as the JSON document of the HTTP contract; returns the rows. */
    public long writeJson(Prepared p, OutputStream out) {
        return writeJson(p, out, List.of());
    }

    /** Streams the answer as the JSON document of the HTTP contract, with these warnings; returns the rows. */
    public long writeJson(Prepared p, OutputStream out, List<String> warnings) {
        try (JsonRowsWriter w = JsonRowsWriter.open(out, p.query().group(), p.query().org(), p.version(), p.columns(), warnings)) {
            forEachRow(p, w::row);
            return w.rowCount();
        }
    }

    /** Streams the answer as CSV with a header line; returns the rows. */
    public long writeCsv(Prepared p, OutputStream out) {
        try (CsvRowsWriter w = CsvRowsWriter.open(out, p.columns())) {
            forEachRow(p, w::row);
            return w.rowCount();
        }
    }

    /** Writes the answer as a Parquet file (DuckDB COPY, snappy); returns the rows. */
    public long writeParquet(Prepared p, Path target) {
        try (Connection c = db.connect()) {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return db.copyToParquet(c, p.sql(), target);
        } catch (SQLException | IOException e) {
            throw new DataException("Cannot read group '" + p.query().group() + "' for org '" + p.query().org() + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs the query and returns its rows, values in column order; the caller closes them. Failures to start
     * (a missing or unreadable file) throw here, later ones from {@link RowCursor#next}.
     */
    public RowCursor open(Prepared p) {
        int n = p.columns().size();
        Connection c = null;
        try {
            c = db.connect();
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(p.sql());
            Connection connection = c;
            return new RowCursor() {
                @Override
                public boolean next() {
                    try {
                        return rs.next();
                    } catch (SQLException e) {
                        throw failed(p, e);
                    }
                }

                @Override
                public Object value(int index) {
                    if (index < 0 || index >= n) {
                        throw new IndexOutOfBoundsException(index);
                    }
                    try {
                        return LocalFeatureReader.value(rs, index + 1);
                    } catch (SQLException e) {
                        throw failed(p, e);
                    }
                }

                @Override
                public void close() {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        // the rows were read or failed already; nothing more to say
                    }
                }
            };
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reporting the first failure
                }
            }
            throw failed(p, e);
        }
    }

    private static DataException failed(Prepared p, SQLException e) {
        return new DataException("Cannot read group '" + p.query().group() + "' for org '" + p.query().org() + "': "
                + e.getMessage(), e);
    }

    /** Calls {@code row} with each result row's values in column order. */
    public void forEachRow(Prepared p, Consumer<List<Object>> row) {
        int n = p.columns().size();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(p.sql())) {
            while (rs.next()) {
                List<Object> values = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    values.add(value(rs, i));
                }
                row.accept(values);
            }
        } catch (SQLException e) {
            throw new DataException("Cannot read group '" + p.query().group() + "' for org '" + p.query().org() + "': "
                    + e.getMessage(), e);
        }
    }

    /** DuckDB's naive TIMESTAMP as a LocalDateTime (UTC by contract), never through the JVM's zone. */
    private static Object value(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v instanceof java.sql.Timestamp) {
            return rs.getObject(i, java.time.LocalDateTime.class);
        }
        if (v instanceof java.sql.Date) {
            return rs.getObject(i, java.time.LocalDate.class);
        }
        return v;
    }
}

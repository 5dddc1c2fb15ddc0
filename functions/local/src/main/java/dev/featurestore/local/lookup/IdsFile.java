package dev.featurestore.local.lookup;

import dev.featurestore.error.DataException;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.lookup.LookupRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ids of {@code get --ids FILE}: a Parquet or CSV file (by extension) with a string column {@code id}, or
 * a text file with one id per line (empty lines skipped). At most {@link LookupRequest#MAX_IDS} ids.
 */
public final class IdsFile {
    private IdsFile() {
    }

    public static List<String> read(Path file, DuckDb db) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("Cannot read --ids " + file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet") || name.endsWith(".csv")) {
            return fromTable(file, db, name.endsWith(".parquet") ? "read_parquet" : "read_csv");
        }
        List<String> ids = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    ids.add(line);
                    LookupRequest.checkCount(ids.size());
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("Cannot read --ids " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("Cannot read --ids " + file + ": " + e.getMessage() + " (one id per line, UTF-8)");
        }
        return ids;
    }

    private static List<String> fromTable(Path file, DuckDb db, String reader) {
        String relation = reader + "('" + file.toAbsolutePath().toString().replace("'", "''") + "'"
                + (reader.equals("read_csv") ? ", header = true, all_varchar = true" : "") + ")";
        try (Connection c = db.connect()) {
            List<DuckDb.Column> columns = DuckDb.describe(c, "SELECT * FROM " + relation);
            DuckDb.Column id = columns.stream().filter(col -> col.name().equals("id")).findFirst().orElseThrow(() ->
                    new DataException("Cannot read --ids " + file + ": it has no column 'id' (columns: "
                            + String.join(", ", columns.stream().map(DuckDb.Column::name).toList()) + ")"));
            if (!id.type().equals("VARCHAR")) {
                throw new DataException("Cannot read --ids " + file + ": column 'id' is " + id.type()
                        + " (ids are strings; cast them when writing the file)");
            }
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM " + relation);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                LookupRequest.checkCount(rs.getLong(1));
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + relation); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    if (v == null) {
                        throw new DataException("Cannot read --ids " + file + ": row " + (ids.size() + 1) + " has a null id");
                    }
                    ids.add(v);
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new DataException("Cannot read --ids " + file + ": " + e.getMessage(), e);
        }
    }
}

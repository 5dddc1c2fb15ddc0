package dev.featurestore.bench;

import dev.featurestore.types.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two merge outputs with DuckDB: row count, distinct ids, and per column the non-null count and an
 * order-independent checksum of (id, value) pairs. {@code Checksums DIR_A DIR_B} exits 1 on any difference.
 */
public final class Checksums {

    private Checksums() {
    }

    public static void main(String[] args) throws Exception {
        List<String> problems = compare(Path.of(args[0]), Path.of(args[1]));
        if (!problems.isEmpty()) {
            System.err.println("OUTPUTS DIFFER:\n  " + String.join("\n  ", problems));
            System.exit(1);
        }
        System.out.println("outputs hold the same rows and values");
    }

    static List<String> compare(Path a, Path b) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT count(*), count(DISTINCT id), sum(hash(id))::HUGEINT");
        List<String> names = new ArrayList<>(List.of("rows", "distinct ids", "id checksum"));
        for (Field f : Workload.OUTPUT.fields()) {
            sql.append(", count(").append(f.name()).append("), sum(hash(id, ").append(f.name()).append("))::HUGEINT");
            names.add(f.name() + " non-null");
            names.add(f.name() + " checksum");
        }
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            List<String> va = row(s, sql + " FROM read_parquet('" + a + "/*.parquet')");
            List<String> vb = row(s, sql + " FROM read_parquet('" + b + "/*.parquet')");
            for (int i = 0; i < names.size(); i++) {
                if (!va.get(i).equals(vb.get(i))) {
                    problems.add(names.get(i) + ": " + va.get(i) + " vs " + vb.get(i));
                }
            }
            // the declared types must match too
            List<String> ta = types(s, a);
            List<String> tb = types(s, b);
            if (!ta.equals(tb)) {
                problems.add("column types: " + ta + " vs " + tb);
            }
        }
        return problems;
    }

    private static List<String> row(Statement s, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(String.valueOf(rs.getString(i)));
            }
        }
        return values;
    }

    private static List<String> types(Statement s, Path dir) throws Exception {
        List<String> types = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + dir + "/*.parquet'))")) {
            while (rs.next()) {
                types.add(rs.getString(1));
            }
        }
        return types;
    }
}

package dev.featurestore.aws.athena;

import dev.featurestore.error.QueryException;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.SourceRows;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * The rows of a finished Athena query, fetched a page at a time (GetQueryResults with NextToken). Athena
 * returns every value as text with the column's type in the metadata; values are converted to the Java
 * types of {@link dev.featurestore.types.FieldType}. The first row of the first page is the header.
 */
final class AthenaRows implements SourceRows {
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final AthenaClient athena;
    private final String queryId;
    private final int pageSize;
    private final Map<String, Integer> index = new HashMap<>();
    private List<ColumnInfo> columns;
    private Iterator<Row> page;
    private String nextToken;
    private boolean first = true;
    private List<Datum> current;

    AthenaRows(AthenaClient athena, String queryId, int pageSize) {
        this.athena = athena;
        this.queryId = queryId;
        this.pageSize = pageSize;
        fetch(null);
    }

    private void fetch(String token) {
        GetQueryResultsResponse r;
        try {
            r = athena.getQueryResults(b -> b.queryExecutionId(queryId).maxResults(pageSize).nextToken(token));
        } catch (SdkException e) {
            throw new StorageException("Cannot read the results of Athena query " + queryId + ": " + e.getMessage(), e);
        }
        if (columns == null) {
            columns = r.resultSet().resultSetMetadata().columnInfo();
            for (int i = 0; i < columns.size(); i++) {
                index.put(columns.get(i).name().toLowerCase(Locale.ROOT), i);
            }
        }
        page = r.resultSet().rows().iterator();
        nextToken = r.nextToken();
        if (first && page.hasNext()) {
            page.next(); // the header row
        }
        first = false;
    }

    @Override
    public boolean next() {
        while (!page.hasNext()) {
            if (nextToken == null) {
                current = null;
                return false;
            }
            fetch(nextToken);
        }
        current = page.next().data();
        return true;
    }

    private String text(String column) {
        if (current == null) {
            throw new IllegalStateException("Cannot read column " + column + ": no current row (call next() first)");
        }
        Integer i = index.get(column.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new QueryException("Cannot read column '" + column + "' of Athena query " + queryId + " (it returns: "
                    + columns.stream().map(ColumnInfo::name).toList() + ")");
        }
        return i < current.size() ? current.get(i).varCharValue() : null;
    }

    private String type(String column) {
        return columns.get(index.get(column.toLowerCase(Locale.ROOT))).type().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean isNull(String column) {
        return text(column) == null;
    }

    @Override
    public String getString(String column) {
        return text(column);
    }

    @Override
    public long getLong(String column) {
        String v = require(column);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw conversion(column, v, "an integer");
        }
    }

    @Override
    public double getDouble(String column) {
        String v = require(column);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw conversion(column, v, "a number");
        }
    }

    @Override
    public boolean getBoolean(String column) {
        return Boolean.parseBoolean(require(column));
    }

    @Override
    public LocalDate getDate(String column) {
        String v = text(column);
        return v == null ? null : LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v);
    }

    @Override
    public Instant getTimestamp(String column) {
        String v = text(column);
        if (v == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(v, TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw conversion(column, v, "a timestamp (yyyy-MM-dd HH:mm:ss.SSS)");
        }
    }

    @Override
    public Object get(String column) {
        String v = text(column);
        if (v == null) {
            return null;
        }
        String t = type(column);
        return switch (t.replaceFirst("\\(.*", "")) {
            case "boolean" -> Boolean.parseBoolean(v);
            case "tinyint", "smallint", "integer", "int" -> Integer.parseInt(v);
            case "bigint" -> Long.parseLong(v);
            case "float", "real" -> Float.parseFloat(v);
            case "double" -> Double.parseDouble(v);
            case "decimal" -> new BigDecimal(v);
            case "date" -> LocalDate.parse(v);
            case "timestamp" -> getTimestamp(column);
            default -> v;
        };
    }

    private String require(String column) {
        String v = text(column);
        if (v == null) {
            throw new QueryException("Cannot read column '" + column + "' of Athena query " + queryId + " as a value: it is null (check isNull first)");
        }
        return v;
    }

    private QueryException conversion(String column, String value, String what) {
        return new QueryException("Cannot read column '" + column + "' of Athena query " + queryId + " as " + what + ": '" + value + "'");
    }

    @Override
    public void close() {
        page = java.util.Collections.emptyIterator();
        nextToken = null;
    }
}

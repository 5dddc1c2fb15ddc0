package dev.featurestore.aws.athena;

import dev.featurestore.error.QueryException;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.SourceRows;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/**
 * Runs SQL on Athena: start, poll with exponential backoff until done, then page through the results
 * ({@link #query}) or let Athena write them as Parquet ({@link #unload}), which is how large results and SQL
 * feature functions avoid passing rows through the Lambda. Queries run in the environment's workgroup, so
 * its bytes-scanned cutoff applies; a query it cancels fails with a {@link QueryException} that says so.
 */
public final class AthenaEngine {
    private static final Logger LOG = LoggerFactory.getLogger(AthenaEngine.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);

    private final AthenaClient athena;
    private final String workgroup;
    private final String database;
    private final Duration timeout;
    private final int pageSize;

    private AthenaEngine(AthenaClient athena, String workgroup, String database, Duration timeout, int pageSize) {
        this.athena = athena;
        this.workgroup = workgroup;
        this.database = database;
        this.timeout = timeout;
        this.pageSize = pageSize;
    }

    /**
     * @param database the default database of unqualified table names (the environment's Glue database)
     */
    public static AthenaEngine create(AthenaClient athena, String workgroup, String database) {
        return new AthenaEngine(athena, workgroup, database, Duration.ofMinutes(14), 1000);
    }

    /** Gives up waiting (and stops the query) after this long: e.g. below API Gateway's 29 s for the API. */
    public AthenaEngine withTimeout(Duration limit) {
        return new AthenaEngine(athena, workgroup, database, limit, pageSize);
    }

    /** Rows per GetQueryResults page (Athena's maximum, 1000, by default). */
    AthenaEngine withPageSize(int rows) {
        return new AthenaEngine(athena, workgroup, database, timeout, rows);
    }

    public String workgroup() {
        return workgroup;
    }

    /** Runs a SELECT and streams its rows, page by page. The caller closes the rows. */
    public SourceRows query(String sql) {
        return rows(start(sql));
    }

    /** Waits for a started query and streams its rows. The caller closes the rows. */
    public SourceRows rows(String queryId) {
        await(queryId);
        return new AthenaRows(athena, queryId, pageSize);
    }

    /**
     * Runs {@code UNLOAD (select) TO 'prefix' WITH (format = 'PARQUET')}: Athena writes the rows as Parquet
     * files under {@code s3Prefix} (which must be empty: Athena refuses to overwrite).
     *
     * @return the query execution id and the bytes it scanned
     */
    public Completed unload(String select, String s3Prefix) {
        return completed(await(startUnload(select, s3Prefix)));
    }

    /** Starts the {@link #unload} of a SELECT without waiting; returns the query execution id. */
    public String startUnload(String select, String s3Prefix) {
        return start(unloadSql(select, s3Prefix));
    }

    static String unloadSql(String select, String s3Prefix) {
        String prefix = s3Prefix.endsWith("/") ? s3Prefix : s3Prefix + "/";
        return "UNLOAD (" + select.strip().replaceFirst(";\\s*$", "") + ")\nTO '" + prefix.replace("'", "''")
                + "'\nWITH (format = 'PARQUET', compression = 'SNAPPY')";
    }

    /** Where an UNLOAD writes ({@code s3://...}), read back from its SQL; empty for other queries. */
    public static Optional<String> unloadTarget(QueryExecution q) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\)\\s*TO '(s3://[^']+)'\\s*WITH \\(format = 'PARQUET'")
                .matcher(q.query() == null ? "" : q.query());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Waits for a query at most this engine's timeout, but leaves it running: empty when it has not finished
     * by then (the API answers 202 with its id to poll). Fails like {@link #await} when the query failed.
     */
    public Optional<QueryExecution> awaitWithin(String id) {
        Instant deadline = Instant.now().plus(timeout);
        Duration sleep = FIRST_POLL;
        while (true) {
            QueryExecution q = status(id);
            QueryExecutionState state = q.status().state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return Optional.of(q);
            }
            if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
                throw failed(q);
            }
            if (Instant.now().plus(sleep).isAfter(deadline)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(sleep.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            sleep = sleep.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : sleep.multipliedBy(2);
        }
    }

    /** Runs a statement (e.g. DDL) and waits for it. */
    public Completed execute(String sql) {
        return completed(await(start(sql)));
    }

    /** Starts a query in the workgroup; returns its execution id. */
    public String start(String sql) {
        try {
            String id = athena.startQueryExecution(b -> b.queryString(sql).workGroup(workgroup)
                    .queryExecutionContext(c -> c.database(database))).queryExecutionId();
            LOG.info("athena query started: id={} workgroup={}", id, workgroup);
            return id;
        } catch (software.amazon.awssdk.services.athena.model.InvalidRequestException e) {
            throw new QueryException("Cannot start query in Athena workgroup " + workgroup + ": " + message(e) + " (fix the SQL)", e);
        } catch (SdkException e) {
            throw new StorageException("Cannot start query in Athena workgroup " + workgroup + ": " + e.getMessage()
                    + " (retried by the SDK; check that the workgroup exists and the role may use it)", e);
        }
    }

    /** The query's state now, without waiting. */
    public QueryExecution status(String id) {
        try {
            return athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
        } catch (SdkException e) {
            throw new StorageException("Cannot read the state of Athena query " + id + ": " + e.getMessage(), e);
        }
    }

    /** Polls with exponential backoff until the query ends; fails unless it succeeded. */
    public QueryExecution await(String id) {
        Instant deadline = Instant.now().plus(timeout);
        Duration sleep = FIRST_POLL;
        while (true) {
            QueryExecution q = status(id);
            QueryExecutionState state = q.status().state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return q;
            }
            if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
                throw failed(q);
            }
            if (Instant.now().plus(sleep).isAfter(deadline)) {
                stop(id);
                throw new QueryException("Cannot finish Athena query " + id + " within " + timeout.toSeconds()
                        + " s (it was stopped; narrow the filters or ask for fewer columns)");
            }
            try {
                Thread.sleep(sleep.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(id);
                throw new QueryException("Cannot finish Athena query " + id + ": interrupted", e);
            }
            sleep = sleep.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : sleep.multipliedBy(2);
        }
    }

    private void stop(String id) {
        try {
            athena.stopQueryExecution(b -> b.queryExecutionId(id));
        } catch (SdkException ignored) {
            // best effort: the workgroup's own limits end it anyway
        }
    }

    /** Turns a failed execution into a message that says why, with the workgroup cutoff spelled out. */
    public QueryException failed(QueryExecution q) {
        String reason = Optional.ofNullable(q.status().stateChangeReason()).orElse("no reason given");
        if (isBytesScannedCutoff(reason)) {
            String limit = bytesScannedCutoff().map(b -> " of " + humanBytes(b)).orElse("");
            return new QueryException("Cannot run Athena query " + q.queryExecutionId() + ": it scans more than workgroup "
                    + workgroup + "'s bytes-scanned limit" + limit + " (add filters, select fewer columns, or raise "
                    + "the workgroup's bytes-scanned cutoff in the environment config)");
        }
        return new QueryException("Cannot run Athena query " + q.queryExecutionId() + ": " + q.status().state() + ": " + reason);
    }

    static boolean isBytesScannedCutoff(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return r.contains("bytes scanned limit") || r.contains("bytesscannedcutoffperquery") || r.contains("data scanned limit");
    }

    private Optional<Long> bytesScannedCutoff() {
        try {
            return Optional.ofNullable(athena.getWorkGroup(b -> b.workGroup(workgroup)).workGroup().configuration().bytesScannedCutoffPerQuery());
        } catch (SdkException | NullPointerException e) {
            return Optional.empty();
        }
    }

    static String humanBytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }

    private static Completed completed(QueryExecution q) {
        long scanned = q.statistics() == null || q.statistics().dataScannedInBytes() == null ? 0 : q.statistics().dataScannedInBytes();
        return new Completed(q.queryExecutionId(), scanned);
    }

    private static String message(SdkException e) {
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorMessage() : e.getMessage();
    }

    /** A finished query: its id (for the manifest's source query ids) and the bytes it scanned. */
    public record Completed(String queryId, long bytesScanned) {
    }
}

package dev.featurestore.local.cli;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.local.run.FunctionProgress;
import dev.featurestore.local.run.LocalCalculation;
import dev.featurestore.calculate.FunctionOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows a calculation's progress: on a terminal, one line redrawn in place every 200 ms; otherwise (CI logs,
 * pipes) one plain line per step plus a status line at a steady interval ({@link #LOG_INTERVAL}), so a long
 * run is never silent. Status: elapsed time, functions done/total, what each running function has done (a SQL
 * function's share of the rows DuckDB scans, a Java function's rows written), rows merged during the merge.
 */
final class ProgressDisplay implements LocalCalculation.Progress, AutoCloseable {
    static final Duration LOG_INTERVAL = Duration.ofSeconds(2);

    private final PrintWriter out;
    private final boolean terminal;
    private final Duration logInterval;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private volatile int total;
    private volatile String label = "";
    private volatile String phase = "functions";
    private volatile long start = System.nanoTime();
    private volatile FunctionProgress running = new FunctionProgress();
    private ScheduledExecutorService ticker;

    ProgressDisplay(PrintWriter out, boolean terminal) {
        this(out, terminal, LOG_INTERVAL);
    }

    ProgressDisplay(PrintWriter out, boolean terminal, Duration logInterval) {
        this.out = out;
        this.terminal = terminal;
        this.logInterval = logInterval;
    }

    @Override
    public synchronized void started(ResolvedGroup group, int functions, FunctionProgress running) {
        label = group.group() + "/" + group.org();
        total = functions;
        this.running = running;
        done.set(0);
        rows.set(0);
        merged.set(0);
        phase = "functions";
        start = System.nanoTime();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        if (terminal) {
            ticker.scheduleAtFixedRate(this::redraw, 0, 200, TimeUnit.MILLISECONDS);
        } else {
            log("calculating %d functions", functions);
            long ms = logInterval.toMillis();
            ticker.scheduleAtFixedRate(() -> log("%s", status()), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void functionFinished(FunctionOutcome r) {
        done.incrementAndGet();
        rows.addAndGet(r.rows());
        if (!terminal) {
            log("function %s done: %,d rows in %.1f s", r.function(), r.rows(), r.durationMs() / 1000.0);
        }
    }

    @Override
    public void merging() {
        phase = "merging";
        if (!terminal) {
            log("merging %d partials", total);
        }
    }

    @Override
    public void rowsMerged(long rows) {
        merged.accumulateAndGet(rows, Math::max);
    }

    /** E.g. {@code 4.0 s · functions 1/2 · orders 45% scanned} or {@code 9.2 s · merging · 1,245,184 rows merged}. */
    String status() {
        if (phase.equals("merging")) {
            return String.format(Locale.ROOT, "%.1f s · merging · %,d rows merged", seconds(), merged.get());
        }
        String functions = running.describe();
        return String.format(Locale.ROOT, "%.1f s · functions %d/%d · %,d rows", seconds(), done.get(), total, rows.get())
                + (functions.isEmpty() ? "" : " · " + functions);
    }

    /** The ticker's redraw: nothing once closed (a tick waiting for the lock while close() ran must not redraw after its last line). */
    private synchronized void redraw() {
        if (ticker != null) {
            draw();
        }
    }

    private void draw() {
        out.print("\r" + label + ": " + status() + "   ");
        out.flush();
    }

    private synchronized void log(String format, Object... args) {
        out.println(String.format(Locale.ROOT, "%s: ", label) + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Stops the ticker; on a terminal draws the last state, and the caller prints the outcome on the next line. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
            if (terminal) {
                draw();
                out.println();
                out.flush();
            }
        }
    }
}

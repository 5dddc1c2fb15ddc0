package dev.featurestore.local.cli;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.local.run.LocalCalculation;
import dev.featurestore.calculate.FunctionOutcome;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows a calculation's progress: on a terminal, one line redrawn in place (functions done/total, rows,
 * elapsed); otherwise one plain log line per step, for CI logs and pipes.
 */
final class ProgressDisplay implements LocalCalculation.Progress, AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    private volatile int total;
    private volatile String label = "";
    private volatile String phase = "functions";
    private volatile long start = System.nanoTime();
    private ScheduledExecutorService ticker;

    ProgressDisplay(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(ResolvedGroup group, int functions) {
        label = group.group() + "/" + group.org();
        total = functions;
        done.set(0);
        rows.set(0);
        phase = "functions";
        start = System.nanoTime();
        if (terminal) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
            ticker.scheduleAtFixedRate(this::redraw, 0, 200, TimeUnit.MILLISECONDS);
        } else {
            log("calculating %d functions", functions);
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

    private synchronized void redraw() {
        out.print(String.format(Locale.ROOT, "\r%s: %s %d/%d · %,d rows · %.1f s   ", label, phase, done.get(), total, rows.get(), seconds()));
        out.flush();
    }

    private void log(String format, Object... args) {
        out.println(String.format(Locale.ROOT, "%s: ", label) + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Stops redrawing; the caller prints the outcome on the next line. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
            redraw();
            out.println();
            out.flush();
        }
    }
}

package dev.featurestore.local.run;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What the running functions of a calculation have done so far, read by the progress display from another
 * thread: a SQL function's share of the rows DuckDB has to scan, a Java function's rows written.
 */
public final class FunctionProgress {
    private final Map<String, Reading> running = new ConcurrentSkipListMap<>();

    private sealed interface Reading permits Percent, Rows {
        String describe();
    }

    private record Percent(DoubleSupplier percent) implements Reading {
        @Override
        public String describe() {
            double p = percent.getAsDouble();
            return p < 0 ? "starting" : String.format(Locale.ROOT, "%.0f%% scanned", p);
        }
    }

    private record Rows(LongSupplier rows) implements Reading {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%,d rows", rows.getAsLong());
        }
    }

    public void scanning(String function, DoubleSupplier percent) {
        running.put(function, new Percent(percent));
    }

    public void writing(String function, LongSupplier rows) {
        running.put(function, new Rows(rows));
    }

    public void done(String function) {
        running.remove(function);
    }

    /** E.g. {@code orders 45% scanned, profile 12,000 rows}; empty when no function is running. */
    public String describe() {
        return running.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().describe()).collect(Collectors.joining(", "));
    }
}

package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.function.Params;
import dev.featurestore.local.run.FunctionProgress;
import dev.featurestore.types.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final ResolvedGroup GROUP = new ResolvedGroup("customer", "acme", new Schema(List.of()), List.of(),
            Params.empty(), dev.featurestore.config.DriftSettings.DEFAULT);

    @Test
    void withoutTerminal_printsOnePlainLinePerStep() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay p = new ProgressDisplay(new PrintWriter(text), false, Duration.ofHours(1))) {
            p.started(GROUP, 2, new FunctionProgress());
            p.functionFinished(new FunctionOutcome("orders", 1_234, 1_500, List.of(), List.of()));
            p.merging();
        }

        assertThat(text.toString()).isEqualTo("customer/acme: calculating 2 functions\n"
                + "customer/acme: function orders done: 1,234 rows in 1.5 s\n"
                + "customer/acme: merging 2 partials\n");
    }

    @Test
    void withoutTerminal_printsAStatusLineAtASteadyInterval_withProgressInsideFunctionsAndTheMerge() throws Exception {
        StringWriter text = new StringWriter();
        FunctionProgress running = new FunctionProgress();
        try (ProgressDisplay p = new ProgressDisplay(new PrintWriter(text), false, Duration.ofMillis(50))) {
            p.started(GROUP, 2, running);
            running.scanning("orders", () -> 45.2);
            running.writing("profile", () -> 12_000);
            waitFor(text, "orders 45% scanned, profile 12,000 rows");
            running.done("orders");
            running.done("profile");
            p.merging();
            p.rowsMerged(65_536);
            waitFor(text, "rows merged");
        }

        assertThat(text.toString())
                .containsPattern("customer/acme: [0-9.]+ s · functions 0/2 · 0 rows · orders 45% scanned, profile 12,000 rows\n")
                .containsPattern("customer/acme: [0-9.]+ s · merging · 65,536 rows merged\n")
                .doesNotContain("\r");
    }

    private static void waitFor(StringWriter text, String expected) throws InterruptedException {
        for (int i = 0; i < 200 && !text.toString().contains(expected); i++) {
            Thread.sleep(10);
        }
        assertThat(text.toString()).contains(expected);
    }

    @Test
    void onTerminal_redrawsOneLineWithFunctionsRowsAndElapsed() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay p = new ProgressDisplay(new PrintWriter(text), true)) {
            p.started(GROUP, 2, new FunctionProgress());
            p.functionFinished(new FunctionOutcome("orders", 1_234, 1_500, List.of(), List.of()));
        }

        String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
        assertThat(last).matches("customer/acme: [0-9.]+ s · functions 1/2 · 1,234 rows +\n");
        assertThat(text.toString()).doesNotContain("calculating");
    }
}

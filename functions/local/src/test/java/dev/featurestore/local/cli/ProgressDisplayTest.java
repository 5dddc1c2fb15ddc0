package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.function.Params;
import dev.featurestore.types.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final ResolvedGroup GROUP = new ResolvedGroup("customer", "acme", new Schema(List.of()), List.of(),
            Params.empty(), dev.featurestore.config.DriftSettings.DEFAULT);

    @Test
    void withoutTerminal_printsOnePlainLinePerStep() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay p = new ProgressDisplay(new PrintWriter(text), false)) {
            p.started(GROUP, 2);
            p.functionFinished(new FunctionOutcome("orders", 1_234, 1_500, List.of(), List.of()));
            p.merging();
        }

        assertThat(text.toString()).isEqualTo("customer/acme: calculating 2 functions\n"
                + "customer/acme: function orders done: 1,234 rows in 1.5 s\n"
                + "customer/acme: merging 2 partials\n");
    }

    @Test
    void onTerminal_redrawsOneLineWithFunctionsRowsAndElapsed() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay p = new ProgressDisplay(new PrintWriter(text), true)) {
            p.started(GROUP, 2);
            p.functionFinished(new FunctionOutcome("orders", 1_234, 1_500, List.of(), List.of()));
        }

        String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
        assertThat(last).matches("customer/acme: functions 1/2 · 1,234 rows · [0-9.]+ s +\n");
        assertThat(text.toString()).doesNotContain("calculating");
    }
}

package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.discovery.UsageReport;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.types.Field;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Shows who read GROUP in the last N days: per consumer (or caller) the fields it read,",
                "and the fields nobody read. Reads name their consumer with --consumer / consumer: in the API."})
final class UsageCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "The period (default: ${DEFAULT-VALUE} days).")
    int days;

    @Override
    public Integer call() {
        if (days < 1 || days > 3660) {
            throw new UsageException("Cannot show usage: --days " + days + " is out of range (1 to 3660)");
        }
        try (LocalRuntime rt = global.open()) {
            GroupConfig config = rt.config().load(group);
            UsageReport report = UsageReport.of(group, days, fields(config), rt.usage().read(group, days));
            print(report, spec.commandLine().getOut());
            return 0;
        }
    }

    /** Every field any org of the group declares, in config order. */
    static List<String> fields(GroupConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (String org : config.orgNames()) {
            ResolvedGroup g = config.forOrg(org);
            for (Field f : g.fields().fields()) {
                names.add(f.name());
            }
        }
        return List.copyOf(names);
    }

    private static void print(UsageReport report, PrintWriter out) {
        out.printf("%s: %,d reads in the last %d days%n", report.group(), report.reads(), report.days());
        if (!report.readers().isEmpty()) {
            TablePrinter table = new TablePrinter(Columns.strings("reader", "reads", "rows", "last read", "fields (reads)"));
            for (UsageReport.Reader r : report.readers()) {
                StringBuilder fields = new StringBuilder();
                for (Map.Entry<String, Long> e : r.fields().entrySet()) {
                    fields.append(fields.isEmpty() ? "" : ", ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
                }
                table.add(List.of(r.name(), String.valueOf(r.reads()), String.valueOf(r.rows()), r.lastRead(), fields.toString()));
            }
            table.print(out, Integer.MAX_VALUE);
        }
        out.println(report.unread().isEmpty() ? "every field was read"
                : "read by nobody: " + String.join(", ", report.unread()));
        out.flush();
    }
}

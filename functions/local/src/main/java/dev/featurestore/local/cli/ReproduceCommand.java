package dev.featurestore.local.cli;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ErrorKind;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.run.LocalReproduction;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.reproduce.Reproduction;
import dev.featurestore.version.Manifest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reproduce",
        description = {"Rebuilds VERSION of GROUP for ORG from its recorded config, params and functions (its manifest's lineage,",
                "not today's config files) into a scratch lake under the lake's .work/, and reports whether the data is identical",
                "(equal content checksums) or which fields differ, and whether the sources or the code changed since.",
                "The lake's versions are untouched. Exit code 0 when identical, 3 when the data differs."})
final class ReproduceCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    VersionTargetOptions target;

    // not mixinStandardHelpOptions: its --version (the program's version) clashes with --version VERSION
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--threads", paramLabel = "N", description = "Functions run in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        target.check("reproduce");
        try (LocalRuntime rt = global.open()) {
            CalculateCommand.requireSources(rt);
            Manifest recorded = rt.versions().manifest(target.group, target.org, target.version);
            ResolvedGroup group = Reproduction.groupOf(recorded);
            PrintWriter out = spec.commandLine().getOut();
            String label = target.group + "/" + target.org;
            out.printf("%s: rebuilding version %s from its recorded config (hash %s), params and %d functions into a scratch lake%n",
                    label, recorded.version(), recorded.configHash().substring(0, 12), group.functions().size());
            ReproduceReport report;
            try (ProgressDisplay progress = new ProgressDisplay(out, global.environment().terminal())) {
                report = LocalReproduction.run(rt, recorded, threads, progress);
            }
            print(out, label, report);
            return report.identical() ? 0 : ErrorKind.DATA.exitCode();
        }
    }

    static void print(PrintWriter out, String label, ReproduceReport r) {
        if (r.identical()) {
            out.printf("%s: version %s is identical: rebuilt %,d rows with the same content checksum (%s)%n", label, r.version(),
                    r.rebuiltRows(), shortHash(r.rebuiltChecksum()));
        } else {
            out.printf("%s: version %s differs: rebuilt %,d rows (recorded %,d), content checksum %s (recorded %s)%n", label, r.version(),
                    r.rebuiltRows(), r.recordedRows(), shortHash(r.rebuiltChecksum()), shortHash(r.recordedChecksum()));
            out.println(r.differingFields().isEmpty()
                    ? "  fields that differ: none by their statistics (counts, nulls, min, max, mean, distinct): values moved between rows"
                    : "  fields that differ: " + String.join("; ", r.differingFields()));
        }
        out.println(r.sourceChanges().isEmpty() ? "  sources: unchanged since the version was built"
                : "  sources changed since the version was built: " + String.join("; ", r.sourceChanges()));
        out.println(r.codeChange() == null ? "  code: the same commit" : "  code changed since the version was built: " + r.codeChange());
    }

    private static String shortHash(String h) {
        return h == null ? "-" : h.substring(0, Math.min(12, h.length())) + "…";
    }
}

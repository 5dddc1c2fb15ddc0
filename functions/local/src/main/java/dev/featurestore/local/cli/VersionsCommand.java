package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.version.VersionInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "versions", mixinStandardHelpOptions = true,
        description = {"Lists the versions of GROUP per org: rows, config hash, content checksum, code (git commit; + = uncommitted changes),",
                "a digest of the sources' fingerprint, which one is current and pinned, and drift against the previous version."})
final class VersionsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    GroupOrgsOptions target;

    @picocli.CommandLine.Option(names = "--lineage", description = "Also print each version's lineage: checksum, config hash, code, params, functions, sources.")
    boolean lineage;

    @Override
    public Integer call() {
        target.check("list versions");
        try (LocalRuntime rt = global.open()) {
            GroupConfig config = rt.config().load(target.group);
            List<String> orgs = target.orgs(config);
            print(rt, target.group, orgs, spec.commandLine().getOut(), lineage);
            return 0;
        }
    }

    static void print(LocalRuntime rt, String group, List<String> orgs, PrintWriter out) {
        print(rt, group, orgs, out, false);
    }

    static void print(LocalRuntime rt, String group, List<String> orgs, PrintWriter out, boolean lineage) {
        GroupConfig config = rt.config().load(group);
        out.printf("%-8s %-8s %-22s %12s  %-12s  %-12s  %-11s  %-12s  %-20s  %-9s  %s%n", "group", "org", "version", "rows", "config",
                "checksum", "code", "sources", "created", "", "drift vs previous");
        for (String o : orgs) {
            List<VersionInfo> versions = rt.versions().versions(group, o);
            if (versions.isEmpty()) {
                out.printf("%-8s %-8s %s%n", group, o, "(none: run featurestore calculate " + group + " --org " + o + ")");
            }
            for (int i = 0; i < versions.size(); i++) {
                VersionInfo v = versions.get(i);
                String state = v.current() ? "current" : v.pinned() ? "pinned" : "";
                if (v.current() && v.pinned()) {
                    state = "current,pinned";
                }
                String drift = i == 0 ? "-" : drift(versions.get(i - 1), v, config.forOrg(o).drift());
                out.printf("%-8s %-8s %-22s %,12d  %-12s  %-12s  %-11s  %-12s  %-20s  %-9s  %s%n", group, o, v.version(), v.rowCount(),
                        v.configHash().substring(0, Math.min(12, v.configHash().length())),
                        LineageText.shortChecksum(v.manifest()), LineageText.shortCode(v.manifest()), LineageText.sourcesDigest(v.manifest()),
                        v.createdAt().length() > 19 ? v.createdAt().substring(0, 19) + "Z" : v.createdAt(), state, drift);
                if (lineage) {
                    LineageText.print(out, "    ", v.manifest());
                }
            }
        }
    }

    /** The drift helper's one-line summary between consecutive versions; "?" when a manifest has no statistics. */
    private static String drift(VersionInfo before, VersionInfo after, dev.featurestore.config.DriftSettings thresholds) {
        try {
            return dev.featurestore.drift.DriftService.compare(before.manifest(), after.manifest(), thresholds).summary();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}

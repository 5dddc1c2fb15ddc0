package dev.featurestore.local.cli;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.local.drift.DriftHtml;
import dev.featurestore.drift.DriftJson;
import dev.featurestore.drift.DriftReport;
import dev.featurestore.drift.DriftService;
import dev.featurestore.drift.DriftTable;
import dev.featurestore.error.StorageException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.local.LocalRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Shows how GROUP's data drifted between two versions (default: the current and the previous):",
                "per field the population stability index, null-rate change, added/removed fields and type changes;",
                "fields over the group's thresholds (drift: in its config) are flagged. From stored statistics only."})
final class DriftCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", paramLabel = "ORG", description = "The org (default: $FEATURESTORE_ORG, else the group's first org).")
    Optional<String> org = Optional.empty();

    @Option(names = "--from", paramLabel = "V1", description = "The baseline version (default: the version before --to).")
    Optional<String> from = Optional.empty();

    @Option(names = "--to", paramLabel = "V2", description = "The compared version (default: the current one).")
    Optional<String> to = Optional.empty();

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report with charts to FILE.")
    Optional<Path> html = Optional.empty();

    @Option(names = "--json", description = "Print the report as JSON (the API's body) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Identifier.GROUP.require("compare drift", group);
        org.ifPresent(o -> Identifier.ORG.require("compare drift", o));
        from.ifPresent(v -> Identifier.VERSION.require("compare drift", v));
        to.ifPresent(v -> Identifier.VERSION.require("compare drift", v));
        try (LocalRuntime rt = global.open()) {
            String o = Identifier.ORG.require("compare drift",
                    org.orElseGet(() -> GetCommand.defaultOrg(rt, group, global.environment(), spec.commandLine().getErr())));
            ResolvedGroup resolved = rt.config().load(group).forOrg(o);
            DriftReport report = DriftService.create(rt.versions()).compare(resolved, from, to);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? DriftJson.writePretty(report) + "\n" : DriftTable.render(report));
            out.flush();
            if (html.isPresent()) {
                write(html.get(), DriftHtml.render(report), "the HTML report");
                spec.commandLine().getErr().println("featurestore: wrote the HTML report to " + html.get().toAbsolutePath());
            }
            return 0;
        }
    }

    /** Writes a page the user asked for ({@code what} names it in the error), creating parent directories. */
    static void write(Path file, String content, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("Cannot write " + what + " to " + file + ": " + e.getMessage()
                    + " (choose a writable path)", e);
        }
    }
}

package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.discovery.FeatureCatalog;
import dev.featurestore.discovery.FeatureCatalogBuilder;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.html.CatalogHtml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"Lists every group and field with its description, owner, tags, type, null rate and readers;",
                "--html writes the browsable catalog page (search and tag filters, no external assets)."})
final class CatalogCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the catalog page to FILE instead of listing fields.")
    Optional<Path> html = Optional.empty();

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Readers are taken from the usage of the last N days (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        if (days < 1 || days > 3660) {
            throw new UsageException("Cannot build the catalog: --days " + days + " is out of range (1 to 3660)");
        }
        try (LocalRuntime rt = global.open()) {
            FeatureCatalog catalog = build(rt, days);
            PrintWriter out = spec.commandLine().getOut();
            if (html.isPresent()) {
                DriftCommand.write(html.get(), CatalogHtml.render(catalog), "the catalog");
                spec.commandLine().getErr().println("featurestore: wrote the catalog (" + catalog.groups().size()
                        + " groups, " + catalog.fieldCount() + " fields) to " + html.get().toAbsolutePath());
                return 0;
            }
            print(catalog, out);
            return 0;
        }
    }

    static FeatureCatalog build(LocalRuntime rt, int days) {
        List<GroupConfig> groups = new ArrayList<>(rt.config().loadAll().values());
        return FeatureCatalogBuilder.create(rt.versions(), Optional.of(rt.usage()), days, rt.versions().clock()).build(groups);
    }

    private static void print(FeatureCatalog catalog, PrintWriter out) {
        TablePrinter table = new TablePrinter(Columns.strings("group", "field", "type", "description", "tags",
                "nulls (max)", "readers"));
        for (FeatureCatalog.Group g : catalog.groups()) {
            for (FeatureCatalog.Field f : g.fields()) {
                String nulls = f.stats().isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f%%",
                        f.stats().stream().mapToDouble(FeatureCatalog.FieldStats::nullRate).max().orElse(0) * 100);
                table.add(List.of(g.name(), f.name() + (f.docs().pii() ? " (pii)" : ""), f.type(), f.docs().description(),
                        String.join(",", f.docs().tags()), nulls,
                        f.readers().isEmpty() ? "-" : String.join(",", f.readers())));
            }
        }
        table.print(out, Integer.MAX_VALUE);
    }
}

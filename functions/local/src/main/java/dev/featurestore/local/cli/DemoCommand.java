package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.read.LocalFeatureReader;
import dev.featurestore.query.FeatureQuery;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates the sample sources if missing, calculates the customer group for every org, lists the versions and reads a sample.")
final class DemoCommand implements Callable<Integer> {
    static final String GROUP = "customer";

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRuntime rt = global.open()) {
            out.println("== featurestore demo (lake: " + rt.lake() + ", config: " + rt.configDir() + ")");
            out.println();
            long t = System.nanoTime();
            if (rt.ensureSampleSources()) {
                out.printf("1. generated the sample sources (100,000 customers, 1,000,000 orders) in %s (%.1f s)%n",
                        rt.sourcesDir(), (System.nanoTime() - t) / 1e9);
            } else {
                out.println("1. sample sources already in " + rt.sourcesDir());
            }
            out.println();
            out.println("2. $ featurestore calculate " + GROUP);
            CalculateCommand.calculate(rt, GROUP, Optional.empty(), Runtime.getRuntime().availableProcessors(), out,
                    global.environment().terminal());
            out.println();
            GroupConfig config = rt.config().load(GROUP);
            out.println("3. $ featurestore versions " + GROUP);
            VersionsCommand.print(rt, GROUP, config.orgNames(), out);
            out.println();
            String org = config.orgNames().get(0);
            out.println("4. $ featurestore get " + GROUP + " --org " + org + " --features distance,gender,loyalty_tier --exclude '*' --filter 'age >= 30' --limit 5");
            LocalFeatureReader reader = rt.reader();
            LocalFeatureReader.Prepared p = reader.prepare(FeatureQuery.builder(GROUP, org)
                    .features("distance", "gender", "loyalty_tier").exclude("*").filters("age >= 30").limit(5).build());
            TablePrinter table = new TablePrinter(p.columns());
            reader.forEachRow(p, table::add);
            table.print(out, 5);
            out.println();
            out.printf("done in %.1f s. Next: featurestore get %s --help, featurestore serve (HTTP API for notebooks), docs/local.md%n",
                    (System.nanoTime() - start) / 1e9, GROUP);
            return 0;
        }
    }
}

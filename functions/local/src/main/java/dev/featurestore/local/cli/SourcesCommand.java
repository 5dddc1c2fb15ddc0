package dev.featurestore.local.cli;

import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.sources.SampleSources;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sources", mixinStandardHelpOptions = true,
        description = "Generates the sample sources (customers, orders) into <lake>/sources/ with a seeded generator.")
final class SourcesCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--customers", paramLabel = "N", description = "Customers to generate (orders: 10 per customer; default: ${DEFAULT-VALUE}).")
    int customers = SampleSources.DEFAULT_CUSTOMERS;

    @Option(names = "--seed", paramLabel = "S", description = "Seed: the same seed and size give the same data (default: ${DEFAULT-VALUE}).")
    long seed = SampleSources.DEFAULT_SEED;

    @Option(names = "--force", description = "Regenerate even when the sources exist.")
    boolean force;

    @Override
    public Integer call() {
        if (customers < 1) {
            throw new dev.featurestore.error.UsageException("Cannot generate " + customers + " customers (--customers must be at least 1)");
        }
        try (LocalRuntime rt = global.open()) {
            if (rt.sourcesPresent() && !force) {
                spec.commandLine().getOut().println("sources already in " + rt.sourcesDir() + " (use --force to regenerate)");
                return 0;
            }
            long start = System.nanoTime();
            SampleSources.create(customers, seed).generate(rt.db(), rt.sourcesDir());
            spec.commandLine().getOut().printf("generated %,d customers and %,d orders in %s (%.1f s)%n", customers,
                    (long) customers * SampleSources.ORDERS_PER_CUSTOMER, rt.sourcesDir(), (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }
}

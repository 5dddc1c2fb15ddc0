package dev.featurestore.local.cli;

import dev.featurestore.ids.Identifier;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.trainingset.DuckDbTrainingSets;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "training-set", mixinStandardHelpOptions = true,
        description = {"Joins entity rows (id, event_time, any extra columns such as labels) with the features each id had at its event time:",
                "the newest version, by the publish history, whose data was as of event_time or earlier (never later; nulls before the first).",
                "Rows keep their order and extra columns. Writes Parquet.",
                "Example: training-set customer --org acme --entities rows.parquet --out set.parquet"})
final class TrainingSetCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", paramLabel = "ORG", description = "The org (default: $FEATURESTORE_ORG, else the group's first org).")
    Optional<String> org = Optional.empty();

    @Option(names = "--entities", required = true, paramLabel = "FILE",
            description = "Entity rows: .parquet or .csv with a string column id and event_time (timestamp with zone, or ISO-8601 text with Z/offset).")
    Path entities;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The Parquet file to write.")
    Path out;

    @Option(names = "--features", split = ",", paramLabel = "NAME", description = "Fields or globs to select (comma-separated; default: *).")
    List<String> features = new ArrayList<>();

    @Option(names = "--exclude", split = ",", paramLabel = "NAME", description = "Fields or globs to leave out (names in --features still win).")
    List<String> exclude = new ArrayList<>();

    @Override
    public Integer call() {
        Identifier.GROUP.require("build a training set", group);
        org.ifPresent(o -> Identifier.ORG.require("build a training set", o));
        try (LocalRuntime rt = global.open()) {
            String o = Identifier.ORG.require("build a training set",
                    org.orElseGet(() -> GetCommand.defaultOrg(rt, group, global.environment(), spec.commandLine().getErr())));
            TrainingSetPlan plan = new TrainingSets(rt.store(), rt.versions()).plan(group, o, features, exclude);
            plan.warnings().forEach(w -> spec.commandLine().getErr().println("featurestore: warning: " + w));
            long rows = new DuckDbTrainingSets(rt.db(), rt.store()).join(plan, entities, out);
            spec.commandLine().getOut().printf("wrote %,d rows (%d features, %d versions in the timeline) to %s%n", rows,
                    plan.features().size(), plan.timeline().size(), out);
            return 0;
        }
    }
}

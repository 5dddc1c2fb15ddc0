package dev.featurestore.local.cli;

import dev.featurestore.config.FieldsFile;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Merger;
import dev.featurestore.merge.Partial;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code featurestore merge}: the merge step of calculate on its own, over partial files given on the command line. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Outer-joins partial Parquet files on their string column 'id' into one dataset with the declared field types, "
                + "written as Parquet files under DIR (the merge step of calculate, on its own). Each partial's function name "
                + "is its file name without .parquet. Memory stays bounded whatever the row count: rows are spilled by id hash "
                + "to --spill-dir and joined bucket by bucket.",
            "",
            "Exit codes: 0 ok, 2 usage or config error, 3 bad data (duplicate or null id, uncastable column, ...), 1 internal."},
        footer = {"", "Example:", "  featurestore merge --fields fields.yaml --out merged/ orders.parquet profile.parquet",
            "  (fields.yaml holds a fields: map as in a group config, e.g. fields: { age: bigint, gender: string })"})
public final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fields", required = true, paramLabel = "FIELDS.yaml",
            description = "YAML file with a fields: map (name: type), in output order.")
    Path fields;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory for part-*.parquet (created; must not hold part files yet).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--spill-dir", paramLabel = "DIR", description = "Scratch directory for spill files (default: the system temp directory).")
    Path spillDir = Path.of(System.getProperty("java.io.tmpdir"));

    @Parameters(arity = "1..*", paramLabel = "PARTIAL.parquet", description = "Partial files: column id plus that function's fields.")
    List<Path> partials;

    @Override
    public Integer call() {
        try {
            Schema schema = FieldsFile.load(fields);
            List<Partial> list = new ArrayList<>();
            for (Path p : partials) {
                String name = p.getFileName().toString().replaceFirst("\\.parquet$", "");
                list.add(new Partial(name, p));
            }
            MergeResult result = Merger.merge(new MergeRequest(schema, list, out, spillDir, Math.max(1, threads),
                    ColumnObserver.Factory.NONE));
            spec.commandLine().getOut().printf(Locale.ROOT, "merged %,d rows from %d partials into %s (%d files) in %.2f s%n",
                    result.rows(), list.size(), out, result.files().size(), result.elapsed().toNanos() / 1e9);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (FeatureStoreException e) {
            spec.commandLine().getErr().println("featurestore merge: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return e.kind().exitCode();
        }
    }
}

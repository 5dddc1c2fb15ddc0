package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.read.LocalFeatureReader;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.ResultFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

@Command(name = "get",
        description = {"Reads features of GROUP from a version (default: the current one).",
                "Columns: id, plus fields matching --features (default *), minus --exclude, except names listed explicitly in --features.",
                "Example: get customer --features distance,gender --exclude '*' --filter 'age >= 30'"})
final class GetCommand implements Callable<Integer> {
    /** Rows a table shows when no --limit is given. */
    static final int TABLE_ROWS = 20;

    enum Format { table, csv, json, parquet }

    @Mixin
    GlobalOptions global;

    // not mixinStandardHelpOptions: its --version (the program's version) would clash with --version VERSION
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--features", split = ",", paramLabel = "NAME", description = "Fields or globs to select (comma-separated; default: *).")
    List<String> features = new ArrayList<>();

    @Option(names = "--exclude", split = ",", paramLabel = "NAME", description = "Fields or globs to leave out (names in --features still win).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "CONDITION", description = "A condition such as 'age >= 30' (repeatable; ANDed).")
    List<String> filters = new ArrayList<>();

    @Option(names = "--org", paramLabel = "ORG", description = "The org (default: $FEATURESTORE_ORG, else the group's first org).")
    Optional<String> org = Optional.empty();

    @Option(names = "--version", paramLabel = "VERSION", description = "Read this version (default: the current one).")
    Optional<String> version = Optional.empty();

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "Read the version that was current at this instant (ISO-8601, e.g. 2026-11-24T00:00:00Z).")
    Optional<String> asOf = Optional.empty();

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (a table shows " + TABLE_ROWS + " unless set).")
    Optional<Long> limit = Optional.empty();

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv, json or parquet (default: ${DEFAULT-VALUE}; parquet needs --out).")
    Format format = Format.table;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Optional<Path> out = Optional.empty();

    @Option(names = "--consumer", paramLabel = "NAME", description = "Who reads, e.g. churn-model: recorded with the fields read (see featurestore usage).")
    Optional<String> consumer = Optional.empty();

    @Override
    public Integer call() throws IOException {
        if (format == Format.parquet && out.isEmpty()) {
            throw new UsageException("Cannot write Parquet to the terminal: add --out FILE (or use --format csv|json)");
        }
        if (version.isPresent() && asOf.isPresent()) {
            throw new UsageException("Cannot use --version and --as-of together (choose one)");
        }
        if (limit.isPresent() && limit.get() < 0) {
            throw new UsageException("Cannot use --limit " + limit.get() + " (need 0 or more)");
        }
        Identifier.GROUP.require("read features", group);
        org.ifPresent(o -> Identifier.ORG.require("read features", o));
        version.ifPresent(v -> Identifier.VERSION.require("read features", v));
        Optional<Instant> at = asOf.map(GetCommand::instant);
        Optional<String> consumerName = consumer.flatMap(dev.featurestore.discovery.Consumers::check);
        try (LocalRuntime rt = global.open()) {
            String o = Identifier.ORG.require("read features",
                    org.orElseGet(() -> defaultOrg(rt, group, global.environment(), spec.commandLine().getErr())));
            FeatureQuery.Builder b = FeatureQuery.builder(group, o).features(features).exclude(exclude).filters(filters)
                    .format(format == Format.table ? ResultFormat.JSON : ResultFormat.valueOf(format.name().toUpperCase(java.util.Locale.ROOT)));
            version.ifPresent(b::version);
            at.ifPresent(b::asOf);
            if (limit.isPresent()) {
                b.limit(limit.get());
            } else if (format == Format.table) {
                b.limit(TABLE_ROWS + 1);
            }
            LocalFeatureReader reader = rt.reader();
            LocalFeatureReader.Prepared prepared = reader.prepare(b.build());
            long[] rows = {0};
            switch (format) {
                case parquet -> rows[0] = reader.writeParquet(prepared, out.get());
                case csv -> write(stream -> rows[0] = reader.writeCsv(prepared, stream));
                case json -> write(stream -> rows[0] = reader.writeJson(prepared, stream));
                case table -> {
                    TablePrinter table = new TablePrinter(prepared.columns());
                    reader.forEachRow(prepared, row -> {
                        rows[0]++;
                        table.add(row);
                    });
                    if (out.isPresent()) {
                        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.get()))) {
                            table.print(w, limit.isPresent() ? Integer.MAX_VALUE : TABLE_ROWS);
                        }
                    } else {
                        table.print(spec.commandLine().getOut(), limit.isPresent() ? Integer.MAX_VALUE : TABLE_ROWS);
                    }
                }
            }
            List<String> fields = prepared.columns().stream().map(dev.featurestore.types.Field::name)
                    .filter(n -> !n.equals(dev.featurestore.types.Schema.ID)).toList();
            rt.usage().record(group, o, fields, consumerName, "local", rows[0]);
            return 0;
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private void write(Body body) throws IOException {
        if (out.isPresent()) {
            Path parent = out.get().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream s = new BufferedOutputStream(Files.newOutputStream(out.get()))) {
                body.write(s);
            }
        } else {
            spec.commandLine().getOut().flush();
            OutputStream s = new BufferedOutputStream(global.environment().stdout());
            body.write(s);
            s.write('\n');
            s.flush();
        }
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("Cannot read --as-of '" + text + "': not an ISO-8601 instant (e.g. 2026-11-24T00:00:00Z)");
        }
    }

    /** $FEATURESTORE_ORG, else the group's first org (saying so on stderr when the group has several). */
    static String defaultOrg(LocalRuntime rt, String group, Environment env, PrintWriter err) {
        String fromEnv = env.env().get("FEATURESTORE_ORG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        GroupConfig config = rt.config().load(group);
        String first = config.orgNames().get(0);
        if (config.orgNames().size() > 1) {
            err.println("featurestore: reading org '" + first + "' (orgs: " + String.join(", ", config.orgNames())
                    + "; choose with --org)");
        }
        return first;
    }
}

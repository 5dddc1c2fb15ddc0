package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.read.IdNarrowedQuery;
import dev.featurestore.local.lookup.IdsFile;
import dev.featurestore.local.lookup.LookupRows;
import dev.featurestore.local.read.LocalFeatureReader;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.lookup.LookupRequest;
import dev.featurestore.lookup.LookupResult;
import dev.featurestore.query.CsvRowsWriter;
import dev.featurestore.query.JsonRowsWriter;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.ResultFormat;
import dev.featurestore.query.Selection;
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
                "Columns: id, then the names listed in --features in that order, then fields matching its globs (default *) in config order, minus --exclude.",
                "A pattern that matches no field is reported on stderr as a warning.",
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

    @Option(names = "--ids", paramLabel = "FILE", description = {"Look these entities up by id: one id per line, or a Parquet/CSV file with a string column id (at most 100000).",
            "Without --filter: reads only the ids' buckets, rows in the ids' order. With --filter: the query engine reads the filtered rows of these ids."})
    Optional<Path> ids = Optional.empty();

    @Option(names = "--include-missing", description = "With --ids: a row of nulls for each id the version does not have.")
    boolean includeMissing;

    @Override
    public Integer call() throws IOException {
        consumer.ifPresent(dev.featurestore.discovery.Consumers::check);
        if (ids.isPresent()) {
            return lookup();
        }
        if (includeMissing) {
            throw new UsageException("Cannot use --include-missing without --ids FILE");
        }
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
        try (LocalRuntime rt = global.open()) {
            String o = Identifier.ORG.require("read features",
                    org.orElseGet(() -> defaultOrg(rt, group, global.environment(), spec.commandLine().getErr())));
            FeatureQuery.Builder b = FeatureQuery.builder(group, o).pii(rt.config().load(group).docs().piiFields()).features(features).exclude(exclude).filters(filters)
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
            List<String> warnings = Selection.warnings(prepared.plan().schema(), features, exclude);
            warnings.forEach(w -> spec.commandLine().getErr().println("featurestore: warning: " + w));
            spec.commandLine().getErr().flush();
            long rows = switch (format) {
                case parquet -> reader.writeParquet(prepared, out.get());
                case csv -> write(stream -> reader.writeCsv(prepared, stream), false);
                case json -> write(stream -> reader.writeJson(prepared, stream, warnings), true);
                case table -> {
                    TablePrinter table = new TablePrinter(prepared.columns());
                    reader.forEachRow(prepared, table::add);
                    int max = limit.isPresent() ? Integer.MAX_VALUE : TABLE_ROWS;
                    if (out.isPresent()) {
                        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.get()))) {
                            table.print(w, max);
                        }
                    } else {
                        table.print(spec.commandLine().getOut(), max);
                    }
                    yield Math.min(max, table.size());
                }
            };
            if (out.isPresent()) {
                spec.commandLine().getErr().printf(java.util.Locale.ROOT, "featurestore: wrote %,d %s (%,d bytes, %s) to %s from %s/%s version %s%n",
                        rows, rows == 1 ? "row" : "rows", Files.size(out.get()), format, out.get(), group, o, prepared.version());
            }
            recordUsage(rt, o, prepared.columns(), rows);
            return 0;
        }
    }

    /** get --ids: the entities by id through the lookup index (no query engine). */
    private int lookup() throws IOException {
        if (version.isPresent() && asOf.isPresent()) {
            throw new UsageException("Cannot use --version and --as-of together (choose one)");
        }
        if (format == Format.parquet && out.isEmpty()) {
            throw new UsageException("Cannot write Parquet to the terminal: add --out FILE (or use --format csv|json)");
        }
        if (limit.isPresent()) {
            throw new UsageException("Cannot use --ids with --limit (the ids already bound the rows)");
        }
        if (!filters.isEmpty() && includeMissing) {
            throw new UsageException("Cannot use --include-missing with --filter (a missing row and a filtered-out row"
                    + " would look the same)");
        }
        Identifier.GROUP.require("look up entities", group);
        org.ifPresent(o -> Identifier.ORG.require("look up entities", o));
        version.ifPresent(v -> Identifier.VERSION.require("look up entities", v));
        try (LocalRuntime rt = global.open()) {
            List<String> idList = IdsFile.read(ids.get(), rt.db());
            String o = Identifier.ORG.require("look up entities",
                    org.orElseGet(() -> defaultOrg(rt, group, global.environment(), spec.commandLine().getErr())));
            FeatureQuery.Builder b = FeatureQuery.builder(group, o).pii(rt.config().load(group).docs().piiFields()).features(features).exclude(exclude);
            version.ifPresent(b::version);
            asOf.ifPresent(a -> b.asOf(instant(a)));
            if (!filters.isEmpty()) { // the engine reads the filtered version, narrowed to the ids
                LookupRequest.checkCount(idList.size());
                LocalFeatureReader reader = rt.reader();
                b.filters(filters).format(format == Format.table ? ResultFormat.JSON
                        : ResultFormat.valueOf(format.name().toUpperCase(java.util.Locale.ROOT)));
                LocalFeatureReader.Prepared prepared = IdNarrowedQuery.narrow(reader.prepare(b.build()), idList);
                long rows = switch (format) {
                    case parquet -> reader.writeParquet(prepared, out.get());
                    case csv -> write(stream -> reader.writeCsv(prepared, stream), false);
                    case json -> write(stream -> reader.writeJson(prepared, stream), true);
                    case table -> {
                        TablePrinter table = new TablePrinter(prepared.columns());
                        reader.forEachRow(prepared, table::add);
                        table.print(spec.commandLine().getOut(), Integer.MAX_VALUE);
                        yield table.size();
                    }
                };
                recordUsage(rt, o, prepared.columns(), rows);
                return 0;
            }
            LookupResult result = new EntityLookup(rt.store(), rt.versions()).lookup(new LookupRequest(b.build(), idList, includeMissing));
            switch (format) {
                case parquet -> LookupRows.writeParquet(result, out.get());
                case csv -> write(stream -> {
                    try (CsvRowsWriter w = CsvRowsWriter.open(stream, result.columns())) {
                        result.rows().forEach(w::row);
                    }
                    return result.rows().size();
                }, false);
                case json -> write(stream -> {
                    try (JsonRowsWriter w = JsonRowsWriter.open(stream, group, o, result.version(), result.columns())) {
                        result.rows().forEach(w::row);
                    }
                    return result.rows().size();
                }, true);
                case table -> {
                    TablePrinter table = new TablePrinter(result.columns());
                    result.rows().forEach(table::add);
                    if (out.isPresent()) {
                        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.get()))) {
                            table.print(w, Integer.MAX_VALUE);
                        }
                    } else {
                        table.print(spec.commandLine().getOut(), Integer.MAX_VALUE);
                    }
                }
            }
            recordUsage(rt, o, result.columns(), result.rows().size());
            return 0;
        }
    }

    /** One usage line for this read: the fields it returned, for --consumer (see featurestore usage). */
    private void recordUsage(LocalRuntime rt, String org, List<dev.featurestore.types.Field> columns, long rows) {
        List<String> fields = columns.stream().map(dev.featurestore.types.Field::name)
                .filter(n -> !n.equals(dev.featurestore.types.Schema.ID)).toList();
        rt.usage().record(group, org, fields, consumer.flatMap(dev.featurestore.discovery.Consumers::check), "local", rows);
    }

    private interface Body {
        long write(OutputStream out) throws IOException;
    }

    /**
     * Writes to --out or stdout; returns the rows written. On stdout a JSON document gets a final line break (CSV
     * already ends with one: an empty result is the header line alone).
     */
    private long write(Body body, boolean newline) throws IOException {
        if (out.isPresent()) {
            Path parent = out.get().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream s = new BufferedOutputStream(Files.newOutputStream(out.get()))) {
                return body.write(s);
            }
        }
        spec.commandLine().getOut().flush();
        OutputStream s = new BufferedOutputStream(global.environment().stdout());
        long rows = body.write(s);
        if (newline) {
            s.write('\n');
        }
        s.flush();
        return rows;
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

package dev.featurestore.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The merge benchmark (docs/benchmarks.md): {@code Bench ROWS WORK_DIR [RUNS] [WRITERS]}. Generates the workload
 * if missing and, for each writer of the comma-separated list (default {@code project}; others are rewritten by
 * write_partials.py with the real writer), warms the page cache, runs the project's merge, the merge with
 * statistics and checksum (own JVMs, -Xmx1g) and DuckDB's FULL JOIN (own JVM) under /usr/bin/time -v in turn,
 * checks that both outputs hold the same rows and values, and prints the medians with the load average.
 * The merge JVMs get the options ./featurestore gives {@code merge} ({@code -Dbench.javaopts}, {@code -Dbench.aot}:
 * scripts/bench-merge passes them from scripts/java-opts.sh). Exits 1 when the outputs differ or a run fails.
 */
public final class Bench {

    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([\\d.]+)");
    private static final Pattern SYS = Pattern.compile("System time \\(seconds\\): ([\\d.]+)");

    private Bench() {
    }

    record Run(double seconds, long rssKb, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> writers = args.length > 3 ? List.of(args[3].split(",")) : List.of(PROJECT_WRITER);
        String projectHeap = System.getProperty("bench.xmx", "1g");
        Path generated = work.resolve("data-" + rows);
        if (!Files.exists(generated.resolve("p4.parquet"))) {
            System.out.println("generating " + rows + " rows into " + generated + " ...");
            long t = System.nanoTime();
            Generator.generate(rows, generated, Generator.SEED, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t) / 1e9);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path spill = work.resolve("spill");
        Files.createDirectories(spill);
        List<String> table = new ArrayList<>();
        List<String> mergeJvm = new ArrayList<>(List.of("-Xmx" + projectHeap, "--enable-native-access=ALL-UNNAMED"));
        mergeJvm.addAll(words(System.getProperty("bench.javaopts", "")));
        boolean aotTrained = false;
        for (String writer : writers) {
            Path data = PROJECT_WRITER.equals(writer) ? generated : work.resolve("data-" + rows + "-" + writer);
            if (!Files.exists(data.resolve("p4.parquet"))) {
                rewrite(writer, generated, data);
            }
            if (!aotTrained) {
                mergeJvm.addAll(aotCache(java, cp, mergeJvm, data, work, spill));
                aotTrained = true;
            }
            long inputBytes = 0;
            for (int p = 1; p <= 4; p++) {
                inputBytes += warm(data.resolve("p" + p + ".parquet"));
            }
            System.out.printf(Locale.ROOT, "writer %s: 4 partials, %.0f MB (page cache warmed), load average %s%n", writer,
                    inputBytes / 1e6, loadAverage());
            List<Run> project = new ArrayList<>();
            List<Run> duck = new ArrayList<>();
            List<Run> withStats = new ArrayList<>();
            Path projectOut = work.resolve("out-project");
            Path duckOut = work.resolve("out-duckdb");
            String loadBefore = loadAverage();
            for (int i = 0; i < runs; i++) {
                delete(projectOut);
                project.add(timed("project", merge(java, mergeJvm, cp, data, projectOut, spill, false)));
                delete(projectOut);
                withStats.add(timed("stats", merge(java, mergeJvm, cp, data, projectOut, spill, true)));
                delete(duckOut);
                duck.add(timed("duckdb", List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, DuckDbMerge.class.getName(),
                        data.toString(), duckOut.toString())));
            }
            List<String> problems = Checksums.compare(projectOut, duckOut);
            if (!problems.isEmpty()) {
                System.err.println("FAILED (writer " + writer + "): the outputs differ:\n  " + String.join("\n  ", problems));
                System.exit(1);
            }
            System.out.println("verified: both outputs hold the same rows and values (count, distinct ids, per-column counts and"
                    + " checksums, types)");
            Run p = median(project);
            Run d = median(duck);
            Run st = median(withStats);
            table.add(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %+.1f%% | %,d | %,d | %.1f | %.1f | %s → %s |",
                    writer, rows, p.seconds, st.seconds, d.seconds, p.seconds / d.seconds, st.seconds / d.seconds,
                    100 * (st.seconds / p.seconds - 1), st.rssKb / 1024, d.rssKb / 1024, st.cpuSeconds, d.cpuSeconds,
                    loadBefore, loadAverage()));
            System.out.println("result: " + table.get(table.size() - 1));
            System.out.println("runs (s / MiB): project " + describe(project) + "; project+stats " + describe(withStats)
                    + "; duckdb " + describe(duck));
        }
        System.out.println();
        System.out.println("Medians of " + runs + " interleaved runs each (project, project+stats, DuckDB in turn, each its own JVM):");
        System.out.println("| writer | rows | project s | project+stats s | DuckDB s | ratio | ratio with stats | stats cost | project+stats"
                + " peak RSS MiB | DuckDB peak RSS MiB | project+stats CPU s | DuckDB CPU s | load average |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        table.forEach(System.out::println);
    }

    static final String PROJECT_WRITER = "project";

    private static List<String> merge(String java, List<String> jvm, String cp, Path data, Path out, Path spill, boolean stats) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvm);
        command.addAll(List.of("-cp", cp, ProjectMerge.class.getName(), data.toString(), out.toString(), spill.toString()));
        if (stats) {
            command.add("--stats");
        }
        return command;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    /**
     * The AOT cache the merge runs with, as ./featurestore gives every command (scripts/java-opts.sh): with
     * {@code -Dbench.aot=CACHE}, a cache older than a class-path jar is dropped, a missing one is recorded by an
     * untimed merge with statistics over {@code data} and built before the timed runs (users pay that once, on
     * their first run after a build). Returns the options of the timed runs; none without the property.
     */
    private static List<String> aotCache(String java, String cp, List<String> jvm, Path data, Path work, Path spill) throws Exception {
        String cache = System.getProperty("bench.aot", "");
        if (cache.isEmpty()) {
            return List.of();
        }
        List<String> quiet = words(System.getProperty("bench.aotquiet", ""));
        Path file = Path.of(cache);
        for (String jar : cp.split(File.pathSeparator)) {
            if (Files.exists(file) && Files.getLastModifiedTime(Path.of(jar)).compareTo(Files.getLastModifiedTime(file)) > 0) {
                Files.delete(file);
            }
        }
        if (!Files.exists(file)) {
            System.out.println("recording the AOT cache " + cache + " (one untimed merge with statistics) ...");
            Files.createDirectories(file.getParent());
            Path conf = Path.of(cache + ".conf");
            Path out = work.resolve("out-aot");
            delete(out);
            List<String> record = new ArrayList<>(List.of(java));
            record.addAll(jvm);
            record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf));
            record.addAll(quiet);
            timed("stats", merge(record.get(0), record.subList(1, record.size()), cp, data, out, spill, true));
            delete(out);
            List<String> create = new ArrayList<>(List.of(java));
            create.addAll(jvm);
            create.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + cache));
            create.addAll(quiet);
            create.addAll(List.of("-cp", cp));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0 || !Files.exists(file)) {
                throw new IllegalStateException("Cannot build the AOT cache " + cache + ": " + String.join(" ", create) + " exited with " + p.exitValue());
            }
            Files.deleteIfExists(conf);
        }
        List<String> use = new ArrayList<>(List.of("-XX:AOTCache=" + cache));
        use.addAll(quiet);
        return use;
    }

    /** Rewrites the generated partials with another writer (functions/bench/src/main/python/write_partials.py). */
    private static void rewrite(String writer, Path generated, Path target) throws Exception {
        Path script = Path.of(System.getProperty("bench.python", "functions/bench/src/main/python/write_partials.py"));
        System.out.println("writing the partials with " + writer + " into " + target + " ...");
        Process proc = new ProcessBuilder("python3", script.toString(), writer, generated.toString(), target.toString())
                .inheritIO().start();
        if (proc.waitFor() != 0) {
            throw new IllegalStateException("Cannot write the partials with " + writer + ": " + script + " exited with " + proc.exitValue()
                    + " (python3 needs pyarrow and duckdb)");
        }
    }

    /** The 1, 5 and 15-minute load averages (the machine is shared: say how busy it was). */
    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static String describe(List<Run> runs) {
        return String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%.2f/%d", r.seconds, r.rssKb / 1024)).toList());
    }

    /** Median of each figure independently. */
    private static Run median(List<Run> runs) {
        double[] s = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
        long[] m = runs.stream().mapToLong(Run::rssKb).sorted().toArray();
        double[] c = runs.stream().mapToDouble(Run::cpuSeconds).sorted().toArray();
        return new Run(s[s.length / 2], m[m.length / 2], c[c.length / 2]);
    }

    private static Run timed(String name, List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        full.addAll(command);
        Path log = Files.createTempFile("bench-" + name, ".log");
        long start = System.nanoTime();
        Process proc = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = proc.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = Files.readString(log);
        Files.delete(log);
        if (code != 0) {
            System.err.println(out);
            throw new IllegalStateException(name + " failed with exit code " + code);
        }
        Matcher m = RSS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no peak RSS in /usr/bin/time output:\n" + out);
        }
        Matcher user = USER.matcher(out);
        Matcher sys = SYS.matcher(out);
        double cpu = (user.find() ? Double.parseDouble(user.group(1)) : 0) + (sys.find() ? Double.parseDouble(sys.group(1)) : 0);
        Run run = new Run(seconds, Long.parseLong(m.group(1)), cpu);
        String summary = out.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElse("");
        System.out.printf(Locale.ROOT, "  %-8s %6.2f s  %6.2f cpu s  %,6d MiB  %s%n", name, run.seconds, run.cpuSeconds, run.rssKb / 1024, summary);
        return run;
    }

    private static long warm(Path file) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        }
        return n;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.featurestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a profiled merge's CPU went (scripts/profile-merge; not a test): reads async-profiler's collapsed stacks (one
 * line per distinct stack, frames separated by {@code ;}, then a space and the sample count) and prints the samples
 * by part of the merge, then the frames with the most samples of their own. Usage:
 * {@code ProfileSummary FILE [TOP]}.
 */
public final class ProfileSummary {

    /** The parts, in the order a stack is tested against them (the first that matches takes it). */
    enum Part {
        C2("JIT: C2 compiler", "C2Compiler", "Compile::"),
        C1("JIT: C1 compiler", "Compilation::", "C1_"),
        GC("garbage collector", "PSScavenge", "PSParallelCompact", "ParallelScavengeHeap", "G1", "GCTaskThread"),
        STATISTICS("statistics + checksum", "dev/featurestore/stats/", "dev/featurestore/version/ContentChecksum",
                "dev/featurestore/merge/ColumnBatch", "dev/featurestore/merge/PageObservers"),
        KERNEL("kernel (file reads and writes, page faults)"),
        PARTITION("phase 1: read and partition", "dev/featurestore/merge/Partition", "dev/featurestore/parquet/ColumnBatchReader",
                "dev/featurestore/parquet/FastColumnReader", "dev/featurestore/parquet/ChunkPages", "dev/featurestore/merge/SpillWriter"),
        JOIN("phase 2: join and write", "dev/featurestore/merge/BucketJoiner", "dev/featurestore/merge/JoinWorker",
                "dev/featurestore/parquet/ParquetRowWriter", "dev/featurestore/parquet/PagedChunk"),
        OTHER("other");

        final String label;
        final String[] markers;

        Part(String label, String... markers) {
            this.label = label;
            this.markers = markers;
        }
    }

    /** Samples by part, and by the frame that was running (a stack's last frame). */
    record Summary(long total, Map<Part, Long> byPart, Map<String, Long> bySelf) {
    }

    private ProfileSummary() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ProfileSummary COLLAPSED_STACKS_FILE [TOP]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Summary s;
        try (Stream<String> lines = Files.lines(Path.of(args[0]))) {
            s = summarize(lines.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + args[0] + ": " + e.getMessage(), e);
        }
        System.out.printf("%,d samples%n", s.total());
        s.byPart().forEach((part, n) -> System.out.printf("%6.1f%%  %s%n", 100.0 * n / s.total(), part.label));
        System.out.println("frames with the most samples of their own:");
        s.bySelf().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(top)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / s.total(), e.getKey()));
    }

    /** Parses collapsed stacks; a line that is not "STACK COUNT" is an error naming the line. */
    static Summary summarize(List<String> lines) {
        Map<Part, Long> byPart = new LinkedHashMap<>();
        for (Part p : Part.values()) {
            byPart.put(p, 0L);
        }
        Map<String, Long> bySelf = new LinkedHashMap<>();
        long total = 0;
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            long count;
            try {
                count = space > 0 ? Long.parseLong(line.substring(space + 1).trim()) : -1;
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                throw new IllegalArgumentException("Cannot read line " + number + " of the collapsed stacks (expected \"frame;frame;... COUNT\"): "
                        + (line.length() > 80 ? line.substring(0, 80) + "…" : line));
            }
            String stack = line.substring(0, space);
            String self = frameName(stack.substring(stack.lastIndexOf(';') + 1));
            byPart.merge(partOf(stack, self), count, Long::sum);
            bySelf.merge(self, count, Long::sum);
            total += count;
        }
        return new Summary(total, byPart, bySelf);
    }

    /** A frame's name, with the random temporary path snappy-java unpacks its library to left out. */
    static String frameName(String frame) {
        return frame.endsWith("libsnappyjava.so") ? "libsnappyjava.so (snappy, native)" : frame;
    }

    static Part partOf(String stack, String self) {
        for (Part p : Part.values()) {
            if (p == Part.KERNEL) {
                if (self.endsWith("_[k]")) {
                    return p;
                }
                continue;
            }
            for (String marker : p.markers) {
                if (stack.contains(marker)) {
                    return p;
                }
            }
        }
        return Part.OTHER;
    }
}

package dev.featurestore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where this process's CPU went, by kind of thread, read from Linux's /proc at the end of a run: the JIT compilers
 * (C1, C2), the garbage collector and the VM thread, and the rest (the merge's workers and main thread, including
 * threads that have ended). The JIT's share varies by a few tenths of a second from run to run, so comparing the rest
 * between two modes separates what the work itself costs from what compiling it costs. Empty where /proc is missing.
 */
final class ThreadCpu {
    private ThreadCpu() {
    }

    /** "cpu by thread: total … s, jit … s (c1 …, c2 …), gc+vm … s, rest … s", or "" without /proc. */
    static String summary() {
        try {
            double total = seconds(Files.readString(Path.of("/proc/self/stat")));
            double c1 = 0;
            double c2 = 0;
            double gc = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException gone) { // the thread ended while listing
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    double s = seconds(stat);
                    if (name.startsWith("C1 Compiler")) {
                        c1 += s;
                    } else if (name.startsWith("C2 Compiler")) {
                        c2 += s;
                    } else if (name.contains("GC Thread") || name.equals("VM Thread")) {
                        gc += s;
                    }
                }
            }
            return String.format(Locale.ROOT, "cpu by thread: total %.2f s, jit %.2f s (c1 %.2f, c2 %.2f), gc+vm %.2f s, rest %.2f s",
                    total, c1 + c2, c1, c2, gc, total - c1 - c2 - gc);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** utime + stime of a /proc stat line, in seconds (fields 14 and 15, counted after the command's closing parenthesis). */
    private static double seconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}

package dev.featurestore.testing;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The one skip policy of the test tiers that need something outside the JVM (the AWS emulator, headless
 * Chromium, Python with pandas, cfn-lint): a tier that cannot run FAILS, so a plain {@code mvn verify} or
 * {@code .ci/run} is strict by itself, whatever the environment says about CI. Only a caller who says so with
 * {@code FEATURESTORE_ALLOW_SKIPS=1} (or {@code -Dfeaturestore.allowSkips=true}) gets skips instead, each with
 * its reason printed.
 */
public final class TestTiers {
    public static final String ALLOW_SKIPS = "FEATURESTORE_ALLOW_SKIPS";
    static final String ALLOW_SKIPS_PROPERTY = "featurestore.allowSkips";

    private TestTiers() {
    }

    /** Whether the caller allowed tiers that cannot run to skip. */
    public static boolean skipsAllowed() {
        return skipsAllowed(System.getenv(), System.getProperty(ALLOW_SKIPS_PROPERTY));
    }

    static boolean skipsAllowed(Map<String, String> env, String property) {
        return yes(env.get(ALLOW_SKIPS)) || yes(property);
    }

    private static boolean yes(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
    }

    /** The message of a tier that cannot run and may not skip: the reason, and how to allow skips. */
    public static String mustRun(String reason) {
        return reason + " (this test tier must run; install what it needs, or set " + ALLOW_SKIPS
                + "=1 to let tiers that cannot run skip)";
    }

    /**
     * Called by a test whose tier cannot run: fails with {@code reason} unless skips are allowed, in which case
     * it reports the skip ({@link #reportSkip}) and aborts the test (reported as skipped).
     */
    public static void unavailable(String test, String reason) {
        if (!skipsAllowed()) {
            throw new AssertionError(mustRun(reason));
        }
        reportSkip(test, reason);
        Assumptions.abort(reason);
    }

    /**
     * Prints {@code SKIPPED <test>: <reason>} on stderr and appends it to {@code target/} {@value #SKIPPED_FILE}
     * of the module, which {@code .ci/run} prints at the end (Surefire sends test output to files).
     */
    public static void reportSkip(String test, String reason) {
        String line = "SKIPPED " + test + ": " + reason + " (" + ALLOW_SKIPS + " is set)";
        System.err.println(line);
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", SKIPPED_FILE);
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("(cannot record the skip in target/" + SKIPPED_FILE + ": " + e + ")");
        }
    }

    /** Where {@link #reportSkip} records skips, under the module's {@code target/}. */
    public static final String SKIPPED_FILE = "featurestore-skipped-tiers.txt";
}

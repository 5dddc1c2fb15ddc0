package dev.featurestore.version;

import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import java.util.regex.Pattern;

/**
 * The object keys of the data layout (docs/versions.md, Layout), the same on S3 and in the local lake directory. The only
 * place that knows them.
 */
public final class Layout {
    public static final String MANIFEST = "_manifest.json";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private Layout() {
    }

    public static String stagingRun(String group, String org, String runId) {
        return "staging/" + safe(group) + "/org=" + safe(org) + "/run=" + safe(runId) + "/";
    }

    public static String partial(String group, String org, String runId, String function) {
        return stagingRun(group, org, runId) + safe(function) + ".parquet";
    }

    public static String orgPrefix(String group, String org) {
        return "features/" + safe(group) + "/org=" + safe(org) + "/";
    }

    /** The table location (Glue): every org and version of the group below it. */
    public static String groupPrefix(String group) {
        return "features/" + safe(group) + "/";
    }

    public static String version(String group, String org, String version) {
        return orgPrefix(group, org) + "version=" + safe(version) + "/";
    }

    public static String dataFile(String group, String org, String version, String fileName) {
        return version(group, org, version) + safe(fileName);
    }

    public static String manifest(String group, String org, String version) {
        return version(group, org, version) + MANIFEST;
    }

    /** The pointer to the published version: its content is the version id. */
    public static String current(String group, String org) {
        return orgPrefix(group, org) + "_current";
    }

    /** One object per publish, named so that listing sorts them by time: the as-of history. */
    public static String historyPrefix(String group, String org) {
        return orgPrefix(group, org) + "_history/";
    }

    public static String lock(String group, String org) {
        return orgPrefix(group, org) + "_lock";
    }

    public static String pinsPrefix(String group, String org) {
        return orgPrefix(group, org) + "_pins/";
    }

    public static String runsPrefix(String group, String org) {
        return "runs/" + safe(group) + "/org=" + safe(org) + "/";
    }

    public static String run(String group, String org, String runId) {
        return runsPrefix(group, org) + safe(runId) + ".json";
    }

    /**
     * Rejects path segments that could escape their prefix ("..", "/", empty). Entry points check identifiers
     * with {@link Identifier} first; this is the last line, and a caller's error too (exit 2 / HTTP 400).
     */
    static String safe(String segment) {
        if (segment == null || !SAFE.matcher(segment).matches() || segment.contains("..")) {
            throw new UsageException("Cannot use '" + (segment == null ? "null" : Identifier.shown(segment))
                    + "' in an object key (letters, digits, _ . - only)");
        }
        return segment;
    }
}

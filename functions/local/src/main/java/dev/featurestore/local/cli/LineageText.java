package dev.featurestore.local.cli;

import dev.featurestore.version.Lineage;
import dev.featurestore.version.Manifest;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** A version's checksum and lineage for people: short forms for listings, and a block of indented lines. */
final class LineageText {
    private LineageText() {
    }

    static String shortChecksum(Manifest m) {
        return m.contentChecksum() == null ? "-" : m.contentChecksum().substring(0, Math.min(12, m.contentChecksum().length()));
    }

    static String shortCode(Manifest m) {
        String code = m.lineage() != null && m.lineage().code() != null ? m.lineage().code().gitCommit() : m.codeVersion();
        if (code == null) {
            return "-";
        }
        boolean dirty = code.endsWith("-dirty");
        String commit = dirty ? code.substring(0, code.length() - "-dirty".length()) : code;
        return (commit.length() > 10 ? commit.substring(0, 10) : commit) + (dirty ? "+" : "");
    }

    /** One hash over every source fingerprint (12 hex digits), "-" when the version recorded none. */
    static String sourcesDigest(Manifest m) {
        if (m.lineage() == null || m.lineage().sources().isEmpty()) {
            return "-";
        }
        return digest(m.lineage().sources()).substring(0, 12);
    }

    static String digest(List<Lineage.SourceFingerprint> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Lineage.SourceFingerprint s : sources) {
                sha.update((s.table() + "|" + s.location() + "|" + s.bytes() + "|" + s.sha256() + "|" + s.etag() + "|" + s.tableVersion()
                        + (s.objects() == null ? "" : "|" + s.objects()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The full lineage, each line starting with {@code indent}. */
    static void print(PrintWriter out, String indent, Manifest m) {
        out.println(indent + "content checksum: " + (m.contentChecksum() == null ? "-" : m.contentChecksum()));
        out.println(indent + "config hash:      " + m.configHash());
        Lineage l = m.lineage();
        if (l == null) {
            out.println(indent + "lineage:          not recorded (written before lineage existed; code " + m.codeVersion() + ")");
            return;
        }
        out.println(indent + "code:             " + (l.code() == null ? m.codeVersion() : l.code().describe()));
        out.println(indent + "params:           " + (l.params().isEmpty() ? "(none)" : l.params()));
        if (l.schedule() != null) {
            out.println(indent + "schedule:         " + (l.schedule().isEmpty() ? "(none)" : l.schedule()));
        }
        for (Lineage.FunctionConfig f : l.functions()) {
            String what = f.kind().equals("sql") ? "sql " + (f.path() == null ? "" : f.path()) : "java " + f.source();
            out.println(indent + "function:         " + f.name() + " (" + what.strip() + ")"
                    + (f.declaredFields() == null ? "" : " fields " + f.declaredFields()));
        }
        for (Lineage.SourceFingerprint s : l.sources()) {
            out.println(indent + "source:           " + s.table() + " " + s.location()
                    + (s.bytes() == null ? "" : String.format(Locale.ROOT, " %,d bytes", s.bytes()))
                    + (s.sha256() == null ? "" : " sha256 " + s.sha256().substring(0, 16) + "…")
                    + (s.tableVersion() == null ? "" : " table version " + s.tableVersion())
                    + (s.etag() == null ? "" : " etag " + s.etag())
                    + (s.note() == null ? "" : " (" + s.note() + ")"));
        }
    }
}

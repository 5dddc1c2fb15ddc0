package dev.featurestore.local.sources;

import dev.featurestore.calculate.SourceFingerprints;
import dev.featurestore.calculate.SourceTables;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.StorageException;
import dev.featurestore.version.Lineage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local sources' fingerprint for a version's lineage: the Parquet files under the lake's {@code sources/} (the
 * source views: {@code <table>.parquet} or {@code <table>/*.parquet}) of the tables the run's queries read
 * ({@link SourceTables#readBy}, the rule AWS follows too), each with its size and SHA-256, in name order.
 */
public final class SourceFiles implements SourceFingerprints {
    private final Path sourcesDir;

    public SourceFiles(Path sourcesDir) {
        this.sourcesDir = sourcesDir;
    }

    @Override
    public List<Lineage.SourceFingerprint> of(ResolvedGroup group, List<String> queries) {
        List<Lineage.SourceFingerprint> all = fingerprint();
        List<String> read = SourceTables.readBy(all.stream().map(Lineage.SourceFingerprint::table).distinct().toList(), queries);
        return all.stream().filter(f -> read.contains(f.table())).toList();
    }

    /** The fingerprint of every source file as it is now. */
    public List<Lineage.SourceFingerprint> fingerprint() {
        List<Lineage.SourceFingerprint> out = new ArrayList<>();
        if (!Files.isDirectory(sourcesDir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(sourcesDir, 2)) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted().toList()) {
                Path relative = sourcesDir.relativize(file);
                String table = relative.getNameCount() > 1 ? relative.getName(0).toString()
                        : relative.toString().substring(0, relative.toString().length() - ".parquet".length());
                out.add(new Lineage.SourceFingerprint(table, "sources/" + relative.toString().replace('\\', '/'), Files.size(file),
                        sha256(file), null, null));
            }
        } catch (IOException e) {
            throw new StorageException("Cannot fingerprint the sources in " + sourcesDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

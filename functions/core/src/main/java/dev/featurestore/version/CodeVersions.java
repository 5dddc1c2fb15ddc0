package dev.featurestore.version;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Finds the {@link Lineage.CodeVersion} of the running code: the git commit the build wrote into the resource
 * {@value #RESOURCE} (core's pom runs {@code git describe} at generate-resources), and the SHA-256 of the jar
 * the given class was loaded from (none when it was loaded from a directory of classes).
 */
public final class CodeVersions {
    static final String RESOURCE = "/dev/featurestore/build-commit.txt";

    private CodeVersions() {
    }

    public static Lineage.CodeVersion of(Class<?> anchor) {
        return new Lineage.CodeVersion(commit(), jarSha256(anchor));
    }

    static String commit() {
        try (InputStream in = CodeVersions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.matches("[0-9a-f]{7,40}(-dirty)?") ? text : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String jarSha256(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(location), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | IllegalArgumentException e) {
            return null;
        }
    }
}

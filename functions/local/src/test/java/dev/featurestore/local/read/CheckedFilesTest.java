package dev.featurestore.local.read;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.DataException;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local read checks: size always, the checksum when the file was modified after its manifest. */
class CheckedFilesTest {
    private final DataFileCheck check = new DataFileCheck("customer", "acme", "20261124T031500Z-3f9a");
    private final CheckedFiles checked = new CheckedFiles();

    @TempDir
    Path tmp;

    private Path file(String content, Instant modified) throws Exception {
        Path f = Files.writeString(tmp.resolve("part-00000.parquet"), content);
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }

    private static Manifest.DataFile recorded(long bytes, String crc) {
        return new Manifest.DataFile("features/customer/org=acme/version=20261124T031500Z-3f9a/part-00000.parquet", 1, bytes,
                Optional.of(crc), Optional.empty());
    }

    @Test
    void fileModifiedAfterTheManifest_isChecksummed() throws Exception {
        Instant manifest = Instant.now().minus(Duration.ofHours(1));
        Path f = file("changed!", Instant.now());

        assertThatThrownBy(() -> checked.check(check, recorded(8, "00000000"), f, FileTime.from(manifest)))
                .isInstanceOf(DataException.class).hasMessageContaining("its CRC32C is " + DataFileCheck.crc32c(f));
    }

    @Test
    void fileNotModifiedSinceTheManifest_isCheckedBySizeOnly() throws Exception {
        Instant manifest = Instant.now();
        Path f = file("original", manifest.minusSeconds(1));

        assertThatCode(() -> checked.check(check, recorded(8, "00000000"), f, FileTime.from(manifest))).doesNotThrowAnyException();
        assertThatThrownBy(() -> checked.check(check, recorded(9, "00000000"), f, FileTime.from(manifest)))
                .isInstanceOf(DataException.class).hasMessageContaining("it has 8 bytes, the manifest recorded 9");
    }

    @Test
    void aMatchingChecksum_isRemembered_untilTheFileChangesAgain() throws Exception {
        Instant manifest = Instant.now().minus(Duration.ofHours(1));
        Path f = file("copied..", Instant.now().minusSeconds(60));
        Manifest.DataFile r = recorded(8, DataFileCheck.crc32c(f));
        checked.check(check, r, f, FileTime.from(manifest));

        Files.writeString(f, "changed!");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now()));

        assertThatThrownBy(() -> checked.check(check, r, f, FileTime.from(manifest))).isInstanceOf(DataException.class);
    }
}

package dev.featurestore.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.DataException;
import dev.featurestore.storage.ObjectStore.Listed;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFileCheckTest {
    private static final String KEY = "features/customer/org=acme/version=20261124T031500Z-3f9a/part-00000.parquet";
    private static final String PREFIX = "Cannot read version '20261124T031500Z-3f9a' of group 'customer' for org 'acme': ";
    private final DataFileCheck check = new DataFileCheck("customer", "acme", "20261124T031500Z-3f9a");

    @TempDir
    Path tmp;

    private Path file(byte[] bytes) throws Exception {
        return Files.write(tmp.resolve("part-00000.parquet"), bytes);
    }

    @Test
    void crc32c_isTheJdksCrc32cOfTheBytes_as8HexDigits() throws Exception {
        byte[] bytes = new byte[3 << 20];
        new java.util.Random(1).nextBytes(bytes);
        CRC32C expected = new CRC32C();
        expected.update(bytes);
        assertThat(DataFileCheck.crc32c(file(bytes))).isEqualTo(String.format("%08x", expected.getValue()));
        assertThat(DataFileCheck.crc32c(file(new byte[0]))).isEqualTo("00000000");
    }

    @Test
    void localFile_sameSizeChangedInPlace_isADataErrorNamingTheFile() throws Exception {
        Path f = file("PAR1 some column data PAR1".getBytes());
        Manifest.DataFile recorded = new Manifest.DataFile(KEY, 10, Files.size(f), Optional.of(DataFileCheck.crc32c(f)), Optional.empty());
        check.localFile(recorded, f); // as written: fine
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(8);
            raf.write('X');
        }

        assertThatThrownBy(() -> check.localFile(recorded, f))
                .isInstanceOf(DataException.class)
                .hasMessage(PREFIX + "file part-00000.parquet was changed after the version was written (its CRC32C is "
                        + DataFileCheck.crc32c(f) + ", the manifest recorded " + recorded.crc32c().get()
                        + "; recalculate, or publish another version)");
    }

    @Test
    void localFile_truncated_isADataErrorWithBothSizes() throws Exception {
        Path f = file(new byte[100]);
        Manifest.DataFile recorded = new Manifest.DataFile(KEY, 10, 120, Optional.of("00000000"), Optional.empty());

        assertThatThrownBy(() -> check.localFile(recorded, f))
                .isInstanceOf(DataException.class)
                .hasMessage(PREFIX + "file part-00000.parquet was changed after the version was written (it has 100 bytes,"
                        + " the manifest recorded 120; recalculate, or publish another version)");
    }

    @Test
    void localFile_missing_isADataError_withoutTheLocalPath() {
        Path f = tmp.resolve("gone.parquet");
        assertThatThrownBy(() -> check.localFile(new Manifest.DataFile(KEY, 1, 1), f))
                .isInstanceOf(DataException.class)
                .hasMessage(PREFIX + "file part-00000.parquet is missing (it was deleted after the version was written;"
                        + " recalculate, or publish another version)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(tmp.toString()));
    }

    @Test
    void localFile_manifestWithoutChecksum_isCheckedBySize() throws Exception {
        Path f = file(new byte[7]);
        check.localFile(new Manifest.DataFile(KEY, 1, 7), f);
        assertThatThrownBy(() -> check.localFile(new Manifest.DataFile(KEY, 1, 8), f)).isInstanceOf(DataException.class);
    }

    @Test
    void againstListing_checksSizesEtagsAndUnlistedDataFiles() {
        Manifest.DataFile recorded = new Manifest.DataFile(KEY, 10, 500, Optional.of("0badc0de"), Optional.of("\"abc\""));
        String manifestKey = Layout.manifest("customer", "acme", "20261124T031500Z-3f9a");
        check.againstListing(List.of(recorded), List.of(new Listed(KEY, 500, Optional.of("\"abc\"")), new Listed(manifestKey, 900, Optional.empty())));

        assertThatThrownBy(() -> check.againstListing(List.of(recorded), List.of(new Listed(KEY, 499, Optional.of("\"abc\"")))))
                .isInstanceOf(DataException.class)
                .hasMessage(PREFIX + "file part-00000.parquet was changed after the version was written (it has 499 bytes,"
                        + " the manifest recorded 500; recalculate, or publish another version)");
        assertThatThrownBy(() -> check.againstListing(List.of(recorded), List.of(new Listed(KEY, 500, Optional.of("\"def\"")))))
                .isInstanceOf(DataException.class)
                .hasMessage(PREFIX + "file part-00000.parquet was changed after the version was written (its ETag is \"def\","
                        + " the manifest recorded \"abc\"; recalculate, or publish another version)");
        assertThatThrownBy(() -> check.againstListing(List.of(recorded), List.of()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("file part-00000.parquet is missing");
        assertThatThrownBy(() -> check.againstListing(List.of(recorded), List.of(new Listed(KEY, 500, Optional.empty()),
                new Listed(KEY.replace("part-00000", "part-00001"), 10, Optional.empty()))))
                .isInstanceOf(DataException.class)
                .hasMessage(PREFIX + "file part-00001.parquet is not in the manifest (it was added after the version was written,"
                        + " and engines reading the whole version would read it; remove it, or recalculate)");
    }
}

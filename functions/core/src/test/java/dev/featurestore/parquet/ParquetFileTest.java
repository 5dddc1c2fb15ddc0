package dev.featurestore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.types.FieldType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFileTest {

    @TempDir
    Path tmp;

    private Path duck(String select, String options) throws Exception {
        Path f = tmp.resolve("f.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + f + "' (FORMAT parquet" + options + ")");
        }
        return f;
    }

    @Test
    void fastReaderDecodesEveryColumn_whenDuckDbWritesPlainAndDictionaryPages() throws Exception {
        Path f = duck("SELECT 'id' || i AS id, 'cat' || (i % 5) AS cat, i % 3 = 0 AS b, i::BIGINT AS n FROM range(3000) t(i)", "");
        try (ParquetFile pf = ParquetFile.open(f, "f")) {
            ParquetFile.RowGroup rg = pf.rowGroup(0);
            for (ColumnDescriptor d : pf.schema().getColumns()) {
                assertThat(rg.column(d)).as(d.toString()).isInstanceOf(FastColumnReader.class);
            }
        }
    }

    @Test
    void genericReaderIsUsed_whenPagesUseDeltaEncodings() throws Exception {
        Path f = duck("SELECT 'id' || i AS id, i::BIGINT AS n FROM range(3000) t(i)", ", PARQUET_VERSION v2");
        try (ParquetFile pf = ParquetFile.open(f, "f")) {
            ColumnDescriptor n = pf.schema().getColumnDescription(new String[] {"n"});
            assertThat(pf.rowGroup(0).column(n)).isNotInstanceOf(FastColumnReader.class);
        }
    }

    @Test
    void int96IsReadAsMicroseconds_whenLegacyWritersStoreTimestamps() {
        Instant t = Instant.parse("2021-03-04T05:06:07.123456Z");
        long julianDay = t.truncatedTo(ChronoUnit.DAYS).getEpochSecond() / 86400 + 2_440_588L;
        long nanosOfDay = (t.getEpochSecond() % 86400) * 1_000_000_000L + t.getNano();
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(nanosOfDay).putInt((int) julianDay);
        long micros = ColumnCast.int96ToMicros(Binary.fromConstantByteArray(b.array()));
        assertThat(micros).isEqualTo(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
        assertThat(ColumnCast.of("f", Types.optional(PrimitiveTypeName.INT96).named("ts"), FieldType.TIMESTAMP)).isPresent();
        assertThat(ColumnCast.of("f", Types.optional(PrimitiveTypeName.INT96).named("ts"), FieldType.DATE)).isEmpty();
    }
}

package dev.featurestore.aws.function;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.featurestore.parquet.ParquetCodecs;
import dev.featurestore.parquet.ParquetFile;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/** The Parquet files Athena's UNLOAD writes, checked and joined into one partial. */
final class ParquetParts {
    private static final long ROW_GROUP_BYTES = 128L * 1024 * 1024;
    /** parquet-java's default read options need Hadoop; these do not (see core's ParquetFile). */
    private static final ParquetReadOptions OPTIONS = HadoopFreeReadOptions.create(ParquetCodecs.create());

    private ParquetParts() {
    }

    /** The column names of an UNLOAD part, in order. */
    static List<String> columns(Path part) {
        return schemaOf(part).getFields().stream().map(Type::getName).toList();
    }

    /** Joins parts with one schema into {@code target} by copying their row groups; returns the rows. */
    static long concat(List<Path> parts, Path target) throws IOException {
        MessageType schema = schemaOf(parts.get(0));
        ParquetFileWriter writer = new ParquetFileWriter(new LocalOutputFile(target), schema, ParquetFileWriter.Mode.CREATE,
                ROW_GROUP_BYTES, 0, 64, Integer.MAX_VALUE, false); // the overloads taking Hadoop types would need Hadoop
        writer.start();
        long rows = 0;
        for (Path part : parts) {
            try (ParquetFileReader reader = new ParquetFileReader(new LocalInputFile(part), OPTIONS)) {
                if (!reader.getFooter().getFileMetaData().getSchema().equals(schema)) {
                    throw new IOException("the UNLOAD parts have different schemas: " + parts.get(0).getFileName() + " and " + part.getFileName());
                }
                rows += reader.getRecordCount();
                reader.appendTo(writer);
            }
        }
        writer.end(Map.of());
        return rows;
    }

    private static MessageType schemaOf(Path file) {
        try (ParquetFile parquet = ParquetFile.open(file, "UNLOAD part " + file.getFileName())) {
            return parquet.schema();
        }
    }
}

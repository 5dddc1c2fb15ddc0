package dev.featurestore.aws.function;

import dev.featurestore.error.ConfigException;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.types.Schema;
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

    /** The columns must be {@code id} plus fields the group declares, as for a local SQL function. */
    static void checkColumns(Path part, ResolvedGroup group, FunctionSpec.Sql fn) throws IOException {
        MessageType schema = schemaOf(part);
        List<String> columns = schema.getFields().stream().map(Type::getName).toList();
        if (!columns.contains(Schema.ID)) {
            throw new ConfigException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + "): it returns no 'id' column"
                    + " (select the entity key AS id)");
        }
        for (String col : columns) {
            if (!col.equals(Schema.ID) && !group.fields().contains(col)) {
                throw new ConfigException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + "): it returns column '" + col
                        + "', which group '" + group.group() + "' does not declare for org '" + group.org()
                        + "' (declare it under fields:, or drop it)");
            }
        }
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

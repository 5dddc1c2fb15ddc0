package dev.featurestore.parquet;

import dev.featurestore.error.DataException;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link PartialWriter} of Java feature functions: writes {@code id} + the function's fields to a
 * Parquet partial with the declared types. A null id or a value of the wrong kind is a {@link DataException}
 * at once; duplicate ids are detected later by the merge, which sees every partial.
 */
public final class ParquetPartialWriter implements PartialWriter, AutoCloseable {

    private final Path file;
    private final List<Field> fields;
    private final boolean[] binary;
    private final ParquetRowWriter writer;

    private ParquetPartialWriter(Path file, Schema schema, int rowGroupRows) {
        this.file = file;
        this.fields = schema.fields();
        this.binary = new boolean[fields.size()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = ParquetTypes.isBinary(fields.get(i).type());
        }
        this.writer = ParquetRowWriter.create(file, schema, java.util.Map.of(), rowGroupRows);
    }

    /** Creates the partial {@code file} (which must not exist yet) for {@code id} + {@code fields}. */
    public static ParquetPartialWriter create(Path file, Schema fields) {
        return new ParquetPartialWriter(file, fields, ParquetRowWriter.ROW_GROUP_ROWS);
    }

    /** As {@link #create(Path, Schema)} with a row group size in rows. */
    public static ParquetPartialWriter create(Path file, Schema fields, int rowGroupRows) {
        return new ParquetPartialWriter(file, fields, rowGroupRows);
    }

    @Override
    public void write(String id, Object... values) {
        if (id == null) {
            throw new DataException("Cannot write partial " + file.getFileName() + ": row " + (writer.rows() + 1)
                    + " has a null id (every entity needs an id; filter out or fill rows without one)");
        }
        if (values.length != fields.size()) {
            throw new DataException("Cannot write partial " + file.getFileName() + ": row for id '" + id + "' has "
                    + values.length + " values, expected " + fields.size() + " (" + String.join(", ", names()) + ")");
        }
        Object[] checked = values;
        // convert everything first so a bad value leaves no half-written row behind
        long[] longs = new long[values.length];
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            Object v = checked[i];
            if (v == null) {
                continue;
            }
            FieldType t = fields.get(i).type();
            try {
                if (binary[i]) {
                    bytes[i] = JavaValues.toBytes(t, v);
                } else {
                    longs[i] = JavaValues.toLong(t, v);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new DataException("Cannot write partial " + file.getFileName() + ": field '" + fields.get(i).name()
                        + "' of id '" + id + "': " + e.getMessage(), e);
            }
        }
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        writer.id(idBytes, 0, idBytes.length);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                writer.writeNull(i);
            } else if (binary[i]) {
                writer.writeBinary(i, bytes[i], 0, bytes[i].length);
            } else {
                writer.writeLong(i, longs[i]);
            }
        }
        writer.endRow();
    }

    private List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    @Override
    public long rowsWritten() {
        return writer.rows();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        writer.close();
    }

    /** Discards a partial being written after a failure: closes the file (the caller deletes it). */
    public void abort() {
        writer.abort();
    }
}

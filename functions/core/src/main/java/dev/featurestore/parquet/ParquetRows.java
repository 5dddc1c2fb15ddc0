package dev.featurestore.parquet;

import dev.featurestore.error.DataException;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a small Parquet file into memory as rows of Java values ({@code id} first, then the schema's fields,
 * absent columns as null), casting each column to its declared type. For tests, samples and small results;
 * the merge streams instead.
 */
public final class ParquetRows {

    private ParquetRows() {
    }

    public static List<Map<String, Object>> read(Path file, Schema schema) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String source = "file " + file;
        try (ParquetFile pf = ParquetFile.open(file, source)) {
            MessageType mt = pf.schema();
            List<Field> fields = schema.fields();
            ColumnDescriptor[] cols = new ColumnDescriptor[fields.size()];
            ColumnCast[] casts = new ColumnCast[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                if (!mt.containsField(f.name())) {
                    continue;
                }
                Type t = mt.getType(f.name());
                cols[i] = mt.getColumnDescription(new String[] {f.name()});
                casts[i] = ColumnCast.of(source, t.asPrimitiveType(), f.type()).orElseThrow(() -> new DataException(
                        "Cannot read " + source + ": column '" + f.name() + "' is " + ParquetTypes.describe(t.asPrimitiveType())
                                + ", which cannot be cast to " + f.type().sqlName()));
            }
            ColumnDescriptor idCol = mt.getColumnDescription(new String[] {Schema.ID});
            for (int g = 0; g < pf.rowGroupCount(); g++) {
                ParquetFile.RowGroup rg = pf.rowGroup(g);
                ColumnReader id = rg.column(idCol);
                ColumnReader[] readers = new ColumnReader[cols.length];
                for (int i = 0; i < cols.length; i++) {
                    readers[i] = cols[i] == null ? null : rg.column(cols[i]);
                }
                for (long r = 0; r < rg.rows(); r++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(Schema.ID, id.getCurrentDefinitionLevel() < idCol.getMaxDefinitionLevel() ? null : id.getBinary().toStringUsingUTF8());
                    id.consume();
                    for (int i = 0; i < cols.length; i++) {
                        Object v = null;
                        ColumnReader cr = readers[i];
                        if (cr != null) {
                            if (cr.getCurrentDefinitionLevel() == cols[i].getMaxDefinitionLevel()) {
                                if (casts[i].binary()) {
                                    Binary b = casts[i].readBinary(cr);
                                    ByteBuffer bb = b.toByteBuffer();
                                    byte[] bytes = new byte[bb.remaining()];
                                    bb.get(bytes);
                                    v = JavaValues.fromBytes(fields.get(i).type(), bytes, 0, bytes.length);
                                } else {
                                    v = JavaValues.fromLong(fields.get(i).type(), casts[i].readLong(cr));
                                }
                            }
                            cr.consume();
                        }
                        row.put(fields.get(i).name(), v);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}

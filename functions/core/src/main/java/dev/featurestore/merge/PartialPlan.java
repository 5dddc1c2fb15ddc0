package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.parquet.ColumnCast;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.parquet.ParquetTypes;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * One partial, validated against the declared schema before any row is read: its id column, and for each of
 * its other columns the output field it fills and the cast to that field's type.
 */
record PartialPlan(int index, Partial partial, String description, ColumnDescriptor idColumn, ColumnDescriptor[] columns,
                   ColumnCast[] casts, int[] outputField, int[] width, long rows, long[] rowGroupStart) {

    int bitmapBytes() {
        return (columns.length + 7) >>> 3;
    }

    int rowGroups() {
        return rowGroupStart.length;
    }

    long rowGroupRows(int rowGroup) {
        return (rowGroup + 1 < rowGroupStart.length ? rowGroupStart[rowGroup + 1] : rows) - rowGroupStart[rowGroup];
    }

    static String describe(Partial p) {
        return "partial '" + p.function() + "' (" + p.file() + ")";
    }

    /**
     * Validates {@code file} (already open) as partial number {@code index}; {@code producers} maps each field
     * already claimed by an earlier partial to its function, and gets this partial's fields added.
     */
    static PartialPlan of(int index, Partial partial, ParquetFile file, Schema schema, Map<String, String> producers) {
        String desc = describe(partial);
        MessageType mt = file.schema();
        if (!mt.containsField(Schema.ID)) {
            throw new DataException("Cannot merge " + desc + ": it has no 'id' column (every partial needs the entity id as a string column named id; columns: "
                    + String.join(", ", mt.getFields().stream().map(Type::getName).toList()) + ")");
        }
        ColumnDescriptor idColumn = null;
        List<ColumnDescriptor> cols = new ArrayList<>();
        List<ColumnCast> casts = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        for (Type t : mt.getFields()) {
            String name = t.getName();
            if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
                throw new DataException("Cannot merge " + desc + ": column '" + name + "' is a nested or repeated "
                        + (t.isPrimitive() ? ParquetTypes.describe(t.asPrimitiveType()) : "group")
                        + " (partials hold flat columns only; flatten it in the function)");
            }
            PrimitiveType pt = t.asPrimitiveType();
            ColumnDescriptor cd = mt.getColumnDescription(new String[] {name});
            if (name.equals(Schema.ID)) {
                LogicalTypeAnnotation a = pt.getLogicalTypeAnnotation();
                if (pt.getPrimitiveTypeName() != PrimitiveTypeName.BINARY
                        || !(a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation)) {
                    throw new DataException("Cannot merge " + desc + ": column 'id' is " + ParquetTypes.describe(pt)
                            + ", expected a string (BINARY STRING) (cast the id to a string in the function, e.g. CAST(id AS VARCHAR))");
                }
                idColumn = cd;
                continue;
            }
            Optional<Field> field = schema.field(name);
            if (field.isEmpty()) {
                throw new DataException("Cannot merge " + desc + ": column '" + name
                        + "' is not declared (declare it under fields: with its type, or drop it from the function)");
            }
            String previous = producers.putIfAbsent(name, partial.function());
            if (previous != null) {
                throw new DataException("Cannot merge: field '" + name + "' is produced by both partials '" + previous
                        + "' and '" + partial.function() + "' (each field must come from exactly one function)");
            }
            Field f = field.get();
            ColumnCast cast = ColumnCast.of(desc, pt, f.type()).orElseThrow(() -> new DataException("Cannot merge " + desc
                    + ": column '" + name + "' is Parquet " + ParquetTypes.describe(pt) + ", which cannot be cast to the declared type "
                    + f.type().sqlName() + " (declare a matching type, or cast it in the function; see the cast matrix in docs/merge.md)"));
            cols.add(cd);
            casts.add(cast);
            out.add(schema.fields().indexOf(f));
            claimed.add(name);
        }
        int n = cols.size();
        int[] width = new int[n];
        int[] outputField = new int[n];
        for (int i = 0; i < n; i++) {
            outputField[i] = out.get(i);
            width[i] = casts.get(i).binary() ? 0 : ParquetTypes.longWidth(casts.get(i).declared());
        }
        long[] starts = new long[file.rowGroupCount()];
        long start = 0;
        for (int g = 0; g < starts.length; g++) {
            starts[g] = start;
            start += file.rowGroupRows(g);
        }
        return new PartialPlan(index, partial, desc, idColumn, cols.toArray(ColumnDescriptor[]::new),
                casts.toArray(ColumnCast[]::new), outputField, width, file.rows(), starts);
    }
}

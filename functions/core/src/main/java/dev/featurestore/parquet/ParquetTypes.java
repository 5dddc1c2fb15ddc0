package dev.featurestore.parquet;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The one mapping between declared {@link FieldType}s and Parquet types, and the compact value encoding the
 * merge carries values in.
 *
 * <p>Written types: string = BINARY (STRING), boolean = BOOLEAN, int = INT32, bigint = INT64, float = FLOAT,
 * double = DOUBLE, decimal(p,s) = INT32 DECIMAL for p ≤ 9, INT64 DECIMAL for p ≤ 18, FIXED_LEN_BYTE_ARRAY
 * DECIMAL above, date = INT32 (DATE), timestamp = INT64 TIMESTAMP(MICROS, isAdjustedToUTC=false): a local
 * ("wall clock") timestamp, which Athena/Glue read as {@code timestamp}, DuckDB as {@code TIMESTAMP} (with
 * isAdjustedToUTC=true DuckDB would read {@code TIMESTAMP WITH TIME ZONE}) and pandas as naive datetime64.
 * {@code id} is a required BINARY (STRING); every field is optional.
 *
 * <p>Value encoding ("merge value"): every type but string and decimal(p>18) is carried as one {@code long}:
 * boolean 0/1; int, bigint as is; float as its raw int bits; double as its raw long bits; decimal as the
 * unscaled value at the declared scale; date as epoch day; timestamp as epoch microseconds. Strings are UTF-8
 * bytes, wide decimals the big-endian two's complement unscaled value.
 */
public final class ParquetTypes {

    public static final int MAX_LONG_DECIMAL_PRECISION = 18;

    private ParquetTypes() {
    }

    /** The Parquet schema of a dataset or partial: {@code id} then the fields, in order. */
    public static MessageType messageType(Schema schema) {
        List<Type> types = new ArrayList<>();
        types.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(Schema.ID));
        for (Field f : schema.fields()) {
            types.add(primitiveType(f));
        }
        return new MessageType("featurestore", types);
    }

    /** The (optional) Parquet type a field is written as. */
    public static PrimitiveType primitiveType(Field field) {
        FieldType t = field.type();
        return switch (t.kind()) {
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(field.name());
            case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(field.name());
            case INT -> Types.optional(PrimitiveTypeName.INT32).named(field.name());
            case BIGINT -> Types.optional(PrimitiveTypeName.INT64).named(field.name());
            case FLOAT -> Types.optional(PrimitiveTypeName.FLOAT).named(field.name());
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(field.name());
            case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(field.name());
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(field.name());
            case DECIMAL -> {
                LogicalTypeAnnotation dec = LogicalTypeAnnotation.decimalType(t.scale(), t.precision());
                if (t.precision() <= 9) {
                    yield Types.optional(PrimitiveTypeName.INT32).as(dec).named(field.name());
                } else if (t.precision() <= MAX_LONG_DECIMAL_PRECISION) {
                    yield Types.optional(PrimitiveTypeName.INT64).as(dec).named(field.name());
                }
                yield Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(decimalBytes(t.precision()))
                        .as(dec).named(field.name());
            }
        };
    }

    /** True when the type's merge value is bytes (string, decimal with precision > 18), else a long. */
    public static boolean isBinary(FieldType type) {
        return switch (type.kind()) {
            case STRING -> true;
            case DECIMAL -> type.precision() > MAX_LONG_DECIMAL_PRECISION;
            default -> false;
        };
    }

    /** Bytes a long merge value takes in compact encodings: 1, 4 or 8. */
    public static int longWidth(FieldType type) {
        return switch (type.kind()) {
            case BOOLEAN -> 1;
            case INT, FLOAT, DATE -> 4;
            case DECIMAL -> type.precision() <= 9 ? 4 : 8;
            default -> 8;
        };
    }

    /** Bytes of a FIXED_LEN_BYTE_ARRAY holding any unscaled value of the precision. */
    public static int decimalBytes(int precision) {
        return (BigInteger.TEN.pow(precision).bitLength() + 1 + 7) / 8;
    }

    /** The double a decimal merge value stands for (statistics). */
    public static double decimalToDouble(FieldType type, long unscaled) {
        return BigDecimal.valueOf(unscaled, type.scale()).doubleValue();
    }

    public static double decimalToDouble(FieldType type, byte[] buf, int off, int len) {
        byte[] b = new byte[len];
        System.arraycopy(buf, off, b, 0, len);
        return new BigDecimal(new BigInteger(b), type.scale()).doubleValue();
    }

    /** Human-readable Parquet type of a column, e.g. {@code INT64 TIMESTAMP(MICROS,false)}. */
    public static String describe(PrimitiveType type) {
        LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
        String name = type.getPrimitiveTypeName().name();
        if (type.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            name += "(" + type.getTypeLength() + ")";
        }
        return a == null ? name : name + " " + a;
    }
}

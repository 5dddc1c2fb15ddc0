package dev.featurestore.query;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;

/** Schemas shared by the query tests. */
public final class TestSchemas {
    /** The customer group of config/groups/customer.yaml (docs/config.md). */
    public static final Schema CUSTOMER = Schema.of(
            new Field("age", FieldType.BIGINT),
            new Field("gender", FieldType.STRING),
            new Field("distance", FieldType.DOUBLE),
            new Field("orders_90d", FieldType.BIGINT),
            new Field("last_order_at", FieldType.TIMESTAMP));

    /** One field of every type. */
    public static final Schema ALL_TYPES = Schema.of(
            new Field("s", FieldType.STRING),
            new Field("b", FieldType.BOOLEAN),
            new Field("i", FieldType.INT),
            new Field("l", FieldType.BIGINT),
            new Field("f", FieldType.FLOAT),
            new Field("d", FieldType.DOUBLE),
            new Field("m", FieldType.decimal(10, 2)),
            new Field("dt", FieldType.DATE),
            new Field("ts", FieldType.TIMESTAMP));

    private TestSchemas() {
    }
}

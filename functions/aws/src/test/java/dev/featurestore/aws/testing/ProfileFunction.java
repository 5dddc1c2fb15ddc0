package dev.featurestore.aws.testing;

import dev.featurestore.function.FeatureFunction;
import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.SourceRows;
import java.util.List;

/** The test config's Java function: reads a source table through the context (Athena), derives a segment. */
public final class ProfileFunction implements FeatureFunction {
    @Override
    public List<String> fields() {
        return List.of("age", "segment");
    }

    @Override
    public void compute(FunctionContext context) {
        try (SourceRows rows = context.query("SELECT id, age FROM customers")) {
            while (rows.next()) {
                Long age = rows.isNull("age") ? null : rows.getLong("age");
                context.partial().write(rows.getString("id"), age, age == null ? null : age >= 40 ? "senior" : "junior");
            }
        }
    }
}

package dev.featurestore.features.customer;

import dev.featurestore.function.FeatureFunction;
import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.function.SourceRows;
import java.util.List;

/**
 * Acme's loyalty tier: gold, silver or bronze by the customer's lifetime spend on kept (not returned)
 * orders, with the thresholds of the org's params ({@code gold_min}, {@code silver_min}). Customers
 * without orders get no tier (null).
 */
public final class AcmeLoyalty implements FeatureFunction {

    @Override
    public List<String> fields() {
        return List.of("loyalty_tier");
    }

    @Override
    public void compute(FunctionContext context) {
        double gold = context.params().getDouble("gold_min");
        double silver = context.params().getDouble("silver_min");
        PartialWriter out = context.partial();
        try (SourceRows rows = context.query(
                "SELECT customer_id AS id, CAST(sum(amount) FILTER (WHERE NOT returned) AS DOUBLE) AS spend "
                        + "FROM orders GROUP BY customer_id")) {
            while (rows.next()) {
                double spend = rows.isNull("spend") ? 0 : rows.getDouble("spend");
                out.write(rows.getString("id"), tier(spend, gold, silver));
            }
        }
    }

    static String tier(double spend, double gold, double silver) {
        if (spend >= gold) {
            return "gold";
        }
        return spend >= silver ? "silver" : "bronze";
    }
}

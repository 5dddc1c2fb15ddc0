package dev.featurestore.local.html;

import dev.featurestore.config.Docs;
import dev.featurestore.discovery.FeatureCatalog;
import java.util.ArrayList;
import java.util.List;

/** Catalogs to render: a small described one, and a large synthetic one for the render benchmark. */
final class Catalogs {
    private Catalogs() {
    }

    static FeatureCatalog small() {
        List<FeatureCatalog.Org> orgs = List.of(
                new FeatureCatalog.Org("acme", "20261124T031500Z-3f9a", 100_000, "2026-11-24T03:15:00Z", true, "1 of 3 flagged: distance"),
                new FeatureCatalog.Org("globex", "", 0, "", false, ""));
        FeatureCatalog.Field distance = new FeatureCatalog.Field("distance", "double",
                new Docs("Kilometres from the customer's home to the nearest store", "geo-team", List.of("geo", "location"), "km", false),
                List.of("acme", "globex"), List.of("churn-model"),
                List.of(new FeatureCatalog.FieldStats("acme", 0.02, "mean 12.5, min 0, max 80", true)));
        FeatureCatalog.Field age = new FeatureCatalog.Field("age", "int",
                new Docs("Age in years at the last order", "crm", List.of("demographics"), "years", false),
                List.of("acme", "globex"), List.of(), List.of(new FeatureCatalog.FieldStats("acme", 0, "mean 41, min 18, max 90", false)));
        FeatureCatalog.Field email = new FeatureCatalog.Field("email", "string",
                new Docs("Contact address <used for <script>alert(1)</script> joins>", "crm", List.of("contact"), "", true),
                List.of("acme"), List.of("crm-export"), List.of());
        FeatureCatalog.Field orders = new FeatureCatalog.Field("orders_90d", "bigint",
                new Docs("Orders placed in the last 90 days", "sales", List.of("activity"), "", false),
                List.of("acme"), List.of("churn-model", "ltv"), List.of());
        return new FeatureCatalog("2026-11-30T00:00:00Z", 30, List.of(
                new FeatureCatalog.Group("customer", new Docs("One row per customer", "crm", List.of("core"), "", false), orgs,
                        List.of(distance, age, email)),
                new FeatureCatalog.Group("orders", Docs.describing("Order activity"), orgs.subList(0, 1), List.of(orders))));
    }

    /** {@code groups} groups of {@code fields} described, tagged fields with statistics for two orgs. */
    static FeatureCatalog large(int groups, int fields) {
        List<FeatureCatalog.Group> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<FeatureCatalog.Field> fs = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                fs.add(new FeatureCatalog.Field("field_" + f, f % 3 == 0 ? "double" : "string",
                        new Docs("Feature number " + f + " of group " + g + ", a sum of something over 90 days", "team-" + (g % 7),
                                List.of("tag" + (f % 11), "domain" + (g % 5)), f % 3 == 0 ? "eur" : "", f % 17 == 0),
                        List.of("acme", "globex"), List.of("model-" + (f % 4)),
                        List.of(new FeatureCatalog.FieldStats("acme", 0.01 * (f % 5), "mean 1.5, min 0, max 9", f % 13 == 0),
                                new FeatureCatalog.FieldStats("globex", 0.02, "~1,234 distinct; top: a 10%, b 5%", false))));
            }
            out.add(new FeatureCatalog.Group("group_" + g, Docs.describing("Group " + g),
                    List.of(new FeatureCatalog.Org("acme", "20261124T031500Z-3f9a", 1_000_000, "2026-11-24T03:15:00Z", false, "stable (max psi 0.010)")),
                    fs));
        }
        return new FeatureCatalog("2026-11-30T00:00:00Z", 30, out);
    }
}

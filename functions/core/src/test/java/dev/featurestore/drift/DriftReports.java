package dev.featurestore.drift;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.stats.ColumnStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A realistic report over every kind of field, for the renderers' tests. */
public final class DriftReports {
    private DriftReports() {
    }

    public static DriftReport sample() {
        Map<String, ColumnStats> from = new LinkedHashMap<>();
        Map<String, ColumnStats> to = new LinkedHashMap<>();
        int n = 50_000;
        from.put("age", Columns.numeric("bigint", n, 0.01, 1, r -> () -> 18 + Math.abs(r.nextGaussian() * 15)));
        to.put("age", Columns.numeric("bigint", n, 0.012, 2, r -> () -> 18 + Math.abs(r.nextGaussian() * 15)));
        from.put("distance", Columns.normal(n, 10, 3, 3));
        to.put("distance", Columns.normal(n, 13, 3, 4));
        from.put("gender", Columns.strings(List.of("f", "m", "d"), List.of(480, 470, 50), 20));
        to.put("gender", Columns.strings(List.of("f", "m", "d"), List.of(470, 480, 50), 20));
        List<String> cities = new ArrayList<>();
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cities.add("city-" + i);
            before.add(1000 / (i + 1));
            after.add(i == 3 ? 900 : 1000 / (i + 1));
        }
        from.put("city", Columns.strings(cities, before, 100));
        to.put("city", Columns.strings(cities, after, 600));
        from.put("vip", Columns.booleans(200, 780, 20));
        to.put("vip", Columns.booleans(300, 680, 20));
        from.put("last_order_at", Columns.numeric("timestamp", n, 0.1, 5,
                r -> () -> 1.6e15 + r.nextDouble() * 1.5e14));
        to.put("last_order_at", Columns.numeric("timestamp", n, 0.1, 6,
                r -> () -> 1.6e15 + r.nextDouble() * 1.5e14));
        from.put("signup", Columns.numeric("date", n, 0, 7, r -> () -> 18_000 + r.nextInt(2000)));
        to.put("signup", Columns.numeric("date", n, 0, 8, r -> () -> 18_000 + r.nextInt(2000)));
        from.put("score", Columns.numeric("int", n, 0, 9, r -> () -> r.nextInt(5)));
        to.put("score", Columns.numeric("double", n, 0, 10, r -> () -> r.nextInt(5) + 0.5 * r.nextDouble()));
        from.put("legacy_flag", Columns.booleans(10, 10, 0));
        to.put("loyalty_tier", Columns.strings(List.of("gold", "silver"), List.of(10, 90), 0));
        return DriftCalculator.compare("customer", "acme", new VersionStats("20261124T031500Z-3f9a", 50_000, from),
                new VersionStats("20261125T031500Z-b71c", 51_200, to), DriftSettings.DEFAULT);
    }
}

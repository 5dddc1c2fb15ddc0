package dev.featurestore.local.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Manifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Publishes versions of group customer / org acme that hold only a manifest with statistics (distance:
 * N(mean, 1), gender f/m with some nulls): what drift reads, without running a calculation.
 */
public final class StatsVersions {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Field DISTANCE = new Field("distance", FieldType.DOUBLE);
    private static final Field GENDER = new Field("gender", FieldType.STRING);

    private StatsVersions() {
    }

    public static void publish(Path lake, String version, double meanDistance, double genderNullRate) {
        Schema schema = Schema.of(DISTANCE, GENDER);
        StatsCollector stats = StatsCollector.create(schema);
        ColumnObserver distance = stats.create(0, DISTANCE);
        ColumnObserver gender = stats.create(0, GENDER);
        Random r = new Random(version.hashCode());
        for (int i = 0; i < 10_000; i++) {
            distance.observeDouble(i, meanDistance + r.nextGaussian());
            if (r.nextDouble() < genderNullRate) {
                gender.observeNull(i);
            } else {
                byte[] g = (r.nextBoolean() ? "f" : "m").getBytes(StandardCharsets.UTF_8);
                gender.observeString(i, g, 0, g.length, dev.featurestore.merge.RowKeys.hash(g, 0, g.length));
            }
        }
        try (LocalRuntime rt = LocalRuntime.open(lake, TestConfig.configDir())) {
            rt.versions().writeManifest(new Manifest(Manifest.FORMAT_VERSION, "customer", "acme", version, "run-" + version,
                    "2026-11-24T00:00:00Z", "hash", "dev", Manifest.columnsOf(schema), 10_000,
                    List.of(), List.of(), Map.of(), SNAKE.valueToTree(stats.result()), "sum-" + version));
            rt.versions().publish("customer", "acme", version, "test");
        }
    }
}

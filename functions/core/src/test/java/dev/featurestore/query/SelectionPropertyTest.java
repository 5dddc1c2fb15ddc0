package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Random selections checked against the rule of docs/query.md §1, written independently with regexes. */
class SelectionPropertyTest {
    private static final List<String> NAMES = List.of("age", "age_bucket", "gender", "distance", "distance_km",
            "orders_30d", "orders_90d", "last_order_at", "first_order_at", "loyalty_tier");
    private static final Schema SCHEMA = new Schema(NAMES.stream().map(n -> new Field(n, FieldType.STRING)).toList());
    private static final List<String> GLOBS = List.of("*", "age*", "*_at", "orders_??d", "dist*", "*o*", "?ender",
            "nothing*", "*_*_*", "a?e", "l*r", "*d");

    private static boolean matches(String glob, String name) {
        String regex = Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return name.matches(regex);
    }

    private static List<String> pick(Random random, int max) {
        List<String> out = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(random.nextBoolean() ? NAMES.get(random.nextInt(NAMES.size())) : GLOBS.get(random.nextInt(GLOBS.size())));
        }
        return out;
    }

    @Test
    void selectionFollowsTheRule_forRandomFeaturesAndExcludes() {
        for (int seed = 0; seed < 5_000; seed++) {
            Random random = new Random(seed);
            List<String> features = pick(random, 4);
            List<String> exclude = pick(random, 3);
            List<String> include = features.isEmpty() ? List.of("*") : features;
            List<String> expected = new ArrayList<>(List.of("id"));
            features.stream().filter(NAMES::contains).distinct().forEach(expected::add);
            for (String name : NAMES) {
                boolean explicit = features.contains(name);
                if (explicit) {
                    continue;
                }
                boolean included = include.stream().anyMatch(g -> matches(g, name));
                boolean excluded = exclude.stream().anyMatch(g -> matches(g, name));
                if (included && !excluded) {
                    expected.add(name);
                }
            }
            assertThat(Selection.resolve(SCHEMA, features, exclude).columnNames())
                    .as("seed %d: features %s exclude %s", seed, features, exclude)
                    .containsExactlyElementsOf(expected);
        }
    }
}

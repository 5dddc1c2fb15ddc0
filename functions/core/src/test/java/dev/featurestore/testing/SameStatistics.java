package dev.featurestore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.assertj.core.data.Percentage;

/**
 * Two versions' statistics (as JSON) compared field by field: every statistic equal, the mean and standard deviation
 * to 1e-12 relative (a distributed merge sums floating-point values in another order than a single one).
 */
public final class SameStatistics {
    private SameStatistics() {
    }

    public static void assertSameStatistics(JsonNode actual, JsonNode expected) {
        compare("", actual, expected);
    }

    private static void compare(String path, JsonNode a, JsonNode e) {
        if (e.isObject()) {
            assertThat(a.isObject()).as(path).isTrue();
            assertThat(a.size()).as(path).isEqualTo(e.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                compare(path + "." + f.getKey(), a.path(f.getKey()), f.getValue());
            }
        } else if (e.isArray()) {
            assertThat(a.size()).as(path).isEqualTo(e.size());
            for (int i = 0; i < e.size(); i++) {
                compare(path + "[" + i + "]", a.get(i), e.get(i));
            }
        } else if (path.endsWith(".mean") || path.endsWith(".stddev")) {
            assertThat(a.asDouble()).as(path).isCloseTo(e.asDouble(), Percentage.withPercentage(1e-10));
        } else {
            assertThat(a).as(path).isEqualTo(e);
        }
    }
}

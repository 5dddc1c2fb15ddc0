package dev.featurestore.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.VersionStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityLookupTest {

    private static final Schema SCHEMA = new Schema(List.of(
            new Field("name", FieldType.STRING), new Field("age", FieldType.INT), new Field("spend", FieldType.DOUBLE),
            new Field("vip", FieldType.BOOLEAN), new Field("score", FieldType.decimal(9, 2)),
            new Field("born", FieldType.DATE), new Field("seen", FieldType.TIMESTAMP)));

    @TempDir
    Path tmp;

    private final CountingStore store = new CountingStore(new InMemoryObjectStore());
    private final VersionStore versions = new VersionStore(store, Clock.systemUTC(), Duration.ofHours(1));
    private final Map<String, Object[]> rows = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            String id = i % 7 == 0 ? "ü-日本-" + i : "c" + i;
            rows.put(id, new Object[] {rnd.nextInt(5) == 0 ? null : "n" + i, rnd.nextInt(100), rnd.nextDouble(),
                    rnd.nextBoolean(), new BigDecimal(rnd.nextInt(100000)).movePointLeft(2),
                    LocalDate.of(1950, 1, 1).plusDays(rnd.nextInt(20000)),
                    LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(rnd.nextInt(1_000_000))});
        }
        TestVersions.write(store, versions, tmp, "customer", "acme", "20261124T000100Z-0a01", SCHEMA, rows, 16, "2026-11-24T00:00:00Z", true);
        TestVersions.write(store, versions, tmp, "customer", "acme", "20261124T000000Z-0a00", SCHEMA, rows, 16, null, false);
        versions.publish("customer", "acme", "20261124T000100Z-0a01", "test");
    }

    private LookupResult lookup(List<String> ids, boolean includeMissing, List<String> features, List<String> exclude) {
        FeatureQuery q = FeatureQuery.builder("customer", "acme").features(features).exclude(exclude).build();
        return new EntityLookup(store, versions).lookup(new LookupRequest(q, ids, includeMissing));
    }

    private List<Object> expected(String id) {
        List<Object> row = new ArrayList<>();
        row.add(id);
        row.addAll(Arrays.asList(rows.get(id)));
        row.set(7, ((LocalDateTime) row.get(7)).toInstant(java.time.ZoneOffset.UTC)); // timestamps read back as instants
        return row;
    }

    @Test
    void lookup_returnsEveryIdsRowInRequestOrder_whenAllIdsAreAsked() {
        List<String> ids = new ArrayList<>(rows.keySet());
        Collections.shuffle(ids, new Random(3));

        LookupResult result = lookup(ids, false, List.of(), List.of());

        assertThat(result.version()).isEqualTo("20261124T000100Z-0a01");
        assertThat(result.columns()).extracting(Field::name)
                .containsExactly("id", "name", "age", "spend", "vip", "score", "born", "seen");
        assertThat(result.rows()).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(result.rows().get(i)).as(ids.get(i)).isEqualTo(expected(ids.get(i)));
        }
    }

    @Test
    void lookup_givesTheSameRows_whenTheVersionHasNoLookupIndex() {
        List<String> ids = List.of("c1", "ü-日本-7", "c2999", "nope");
        FeatureQuery q = FeatureQuery.builder("customer", "acme").version("20261124T000000Z-0a00").build();

        LookupResult result = new EntityLookup(store, versions).lookup(new LookupRequest(q, ids, false));

        assertThat(result.rows()).containsExactly(expected("c1"), expected("ü-日本-7"), expected("c2999"));
    }

    @Test
    void lookup_leavesOutUnknownIds_orGivesNullRows_whenMissingAreIncluded() {
        assertThat(lookup(List.of("nope", "c5"), false, List.of("age"), List.of()).rows())
                .containsExactly(List.of("c5", rows.get("c5")[1]));
        assertThat(lookup(List.of("nope", "c5", ""), true, List.of("age"), List.of()).rows())
                .containsExactly(Arrays.asList("nope", null), List.of("c5", rows.get("c5")[1]), Arrays.asList("", null));
    }

    @Test
    void lookup_appliesFeaturesAndExclude_andAnswersDuplicateIdsOnce() {
        LookupResult result = lookup(List.of("c8", "c8", "c9"), false, List.of("s*", "name"), List.of("score"));

        assertThat(result.columns()).extracting(Field::name).containsExactly("id", "name", "spend", "seen");
        assertThat(result.rows()).containsExactly(
                Arrays.asList("c8", expected("c8").get(1), expected("c8").get(3), expected("c8").get(7)),
                Arrays.asList("c9", expected("c9").get(1), expected("c9").get(3), expected("c9").get(7)));
    }

    @Test
    void lookup_readsOneRangePerTouchedBucket_andCachesFooters() {
        EntityLookup lookup = new EntityLookup(store, versions);
        FeatureQuery q = FeatureQuery.builder("customer", "acme").build();
        lookup.lookup(new LookupRequest(q, List.of("c1"), false));
        int first = store.ranges.get();
        lookup.lookup(new LookupRequest(q, new ArrayList<>(rows.keySet()), false)); // warms every file's footer
        store.reset();

        lookup.lookup(new LookupRequest(q, List.of("c2"), false));
        int one = store.ranges.get();
        store.reset();
        LookupResult three = lookup.lookup(new LookupRequest(q, List.of("c3", "c4", "c5"), false));

        assertThat(first).isEqualTo(2); // footer, then the bucket's row group
        assertThat(one).isEqualTo(1);
        long buckets = java.util.stream.Stream.of("c3", "c4", "c5")
                .map(id -> dev.featurestore.merge.BucketLayout.bucketOf(id, 16)).distinct().count();
        assertThat(store.ranges.get()).isEqualTo((int) buckets); // one per touched bucket
        assertThat(three.rows()).hasSize(3);
        assertThat(store.gets.get()).isEqualTo(1); // the _current pointer; the manifest is cached
    }

    @Test
    void request_isRejected_whenOverTheCapOrAnIdIsNull() {
        FeatureQuery q = FeatureQuery.builder("customer", "acme").build();
        List<String> many = Collections.nCopies(LookupRequest.MAX_IDS + 1, "c1");
        assertThatThrownBy(() -> new LookupRequest(q, many, false)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot look up 100001 ids: at most 100000 per request (split them into several requests, or read"
                        + " the whole version as Parquet — format parquet, or get --out FILE.parquet — and join it with your ids)");
        assertThatThrownBy(() -> new LookupRequest(q, Arrays.asList("a", null), false)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot look up ids: ids[1] is null (ids are strings)");
        FeatureQuery filtered = FeatureQuery.builder("customer", "acme").filters("age > 3").build();
        assertThatThrownBy(() -> new LookupRequest(filtered, List.of("a"), false)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot look up ids with filters");
    }

    @Test
    void request_acceptsExactlyTheCap() {
        FeatureQuery q = FeatureQuery.builder("customer", "acme").build();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LookupRequest.MAX_IDS; i++) {
            ids.add("x" + i);
        }
        LookupResult result = new EntityLookup(store, versions).lookup(new LookupRequest(q, ids, false));
        assertThat(result.rows()).isEmpty();
    }
}

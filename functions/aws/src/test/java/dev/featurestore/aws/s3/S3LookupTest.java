package dev.featurestore.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.error.DataException;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.lookup.LookupRequest;
import dev.featurestore.lookup.LookupResult;
import dev.featurestore.lookup.TestVersions;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** Lookups by id over S3 (the emulator): the GET requests one lookup makes, counted at the SDK. */
@ExtendWith(AwsEmulatorExtension.class)
class S3LookupTest {
    private static final Schema SCHEMA = Schema.of(new Field("name", FieldType.STRING), new Field("age", FieldType.INT));
    private static final int BUCKETS = 8; // 2,500 rows each: ten 256-row pages per bucket

    @TempDir
    Path tmp;

    /** GetObject requests seen, as "key range" ("-" for a whole-object GET). */
    private final List<String> gets = new CopyOnWriteArrayList<>();
    private S3Client s3;
    private S3ObjectStore store;
    private VersionStore versions;
    private final Map<String, Object[]> rows = new LinkedHashMap<>();

    @BeforeEach
    void setUp(AwsEmulator aws) throws Exception {
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(aws.region())
                .credentialsProvider(aws.credentials()).endpointOverride(aws.endpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof GetObjectRequest g) {
                            gets.add(g.key() + " " + (g.range() == null ? "-" : g.range()));
                        }
                    }
                })).build();
        String bucket = "fs-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        store = S3ObjectStore.create(s3, bucket).withPrefix("env");
        versions = new VersionStore(store, Clock.systemUTC(), Duration.ofHours(1));
        for (int i = 0; i < 20_000; i++) {
            rows.put("c" + i, new Object[] {"n" + i, i % 90});
        }
        TestVersions.write(store, versions, tmp, "customer", "acme", "v1", SCHEMA, rows, BUCKETS, "2026-11-24T00:00:00Z", true);
        versions.publish("customer", "acme", "v1", "test");
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private LookupResult lookup(EntityLookup lookup, List<String> ids) {
        return lookup.lookup(new LookupRequest(FeatureQuery.builder("customer", "acme").build(), ids, false));
    }

    @Test
    void lookup_makesOneRangedGetPerTouchedBucket_onceFootersAreCached() {
        EntityLookup lookup = new EntityLookup(store, versions);
        gets.clear();

        LookupResult first = lookup(lookup, List.of("c1"));
        List<String> cold = new ArrayList<>(gets);
        lookup(lookup, List.of("c7")); // its file's footer and its row group's page offsets now cached
        gets.clear();
        LookupResult one = lookup(lookup, List.of("c7"));
        List<String> warmOne = new ArrayList<>(gets);
        List<String> ten = List.of("c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19");
        lookup(lookup, ten);
        gets.clear();
        LookupResult many = lookup(lookup, ten);
        List<String> warmTen = new ArrayList<>(gets);

        assertThat(first.rows()).containsExactly(List.of("c1", "n1", 1));
        // cold: the _current pointer, the manifest, the footer (the file's tail), the row group's page offsets, the pages
        assertThat(cold).hasSize(5);
        assertThat(cold.get(0)).endsWith("_current -");
        assertThat(cold.get(1)).endsWith("_manifest.json -");
        assertThat(cold.subList(2, 5)).allSatisfy(g -> assertThat(g).contains(".parquet bytes="));
        // warm: the pointer, then one ranged GET for the id's pages (id, name and age) in its bucket
        assertThat(one.rows()).containsExactly(List.of("c7", "n7", 7));
        assertThat(warmOne).hasSize(2);
        assertThat(warmOne.get(1)).contains(".parquet bytes=");
        long touched = ten.stream().map(id -> BucketLayout.bucketOf(id, BUCKETS)).distinct().count();
        assertThat(many.rows()).hasSize(10);
        assertThat(warmTen).hasSize(1 + (int) touched);
        System.out.printf("S3 GETs per lookup: cold 1 id %d, warm 1 id %d, warm 10 ids %d (%d buckets touched)%n",
                cold.size(), warmOne.size(), warmTen.size(), touched);
    }

    @Test
    void lookup_fails_whenADataFileWasReplacedAfterItsFooterWasCached() {
        EntityLookup lookup = new EntityLookup(store, versions);
        lookup(lookup, List.of("c7"));
        Manifest m = versions.manifest("customer", "acme", "v1");
        Manifest.DataFile file = m.files().stream().filter(f -> f.key().endsWith(fileOf(m, "c7"))).findFirst().orElseThrow();
        byte[] bytes = store.get(file.key()).orElseThrow();
        byte[] changed = bytes.clone();
        changed[100] ^= 1;
        store.put(file.key(), changed); // same size, other bytes: another ETag

        assertThatThrownBy(() -> lookup(lookup, List.of("c7"))).isInstanceOf(DataException.class)
                .hasMessage("Cannot read version 'v1' of group 'customer' for org 'acme': file " + file.name()
                        + " was changed after the version was written (its ETag is no longer " + file.etag().orElseThrow()
                        + "; recalculate, or publish another version)");
        assertThat(gets.get(gets.size() - 1)).contains(".parquet bytes="); // refused by S3 (If-Match), not read
    }

    /** The name of the file holding {@code id}'s bucket. */
    private static String fileOf(Manifest m, String id) {
        int bucket = BucketLayout.bucketOf(id, BUCKETS);
        for (int f = 0; f < m.files().size(); f++) {
            if (m.lookup().rowGroupBuckets().get(f).contains(bucket)) {
                return m.files().get(f).name();
            }
        }
        throw new AssertionError(id);
    }
}

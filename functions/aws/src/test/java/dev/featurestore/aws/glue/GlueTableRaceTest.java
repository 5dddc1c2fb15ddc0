package dev.featurestore.aws.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.GlueTableVersionCheck;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Two orgs' merges evolving the shared table at once, both having read the same table version: with the
 * VersionId check (Glue's, played by {@link GlueTableVersionCheck} since moto skips it) the second update is
 * refused, re-read and merged, so neither org's new column is dropped.
 */
@ExtendWith(AwsEmulatorExtension.class)
class GlueTableRaceTest {
    private static final String LOCATION = "s3://lake/features/customer/";
    private static final Field AGE = new Field("age", FieldType.BIGINT);

    private AwsEmulator aws;
    private GlueClient plain;
    private String database;

    @BeforeEach
    void setUp(AwsEmulator aws) {
        this.aws = aws;
        plain = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials()).glue();
        database = "fs_" + UUID.randomUUID().toString().replace('-', '_');
        GlueCatalog.create(plain, database).ensureTable("customer", Schema.of(AGE), LOCATION);
    }

    @AfterEach
    void close() {
        plain.close();
    }

    @Test
    void twoOrgsAddingColumnsAtOnce_bothColumnsSurvive() throws Exception {
        GlueTableVersionCheck glue = new GlueTableVersionCheck(plain);
        CyclicBarrier bothRead = new CyclicBarrier(2);
        ExecutionInterceptor readTogether = new ExecutionInterceptor() {
            private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                // the first read of each merge: both read the same version before either updates
                if ("GetTable".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)) && reads.incrementAndGet() <= 2) {
                    try {
                        bothRead.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        AwsClients clients = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials())
                .withInterceptor(readTogether).withInterceptor(glue);
        Schema acme = Schema.of(AGE, new Field("segment", FieldType.STRING));
        Schema globex = Schema.of(AGE, new Field("churn_risk", FieldType.DOUBLE));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (GlueClient a = clients.glue(); GlueClient b = clients.glue()) {
            Future<List<String>> first = pool.submit(() -> GlueCatalog.create(a, database).ensureTable("customer", acme, LOCATION));
            Future<List<String>> second = pool.submit(() -> GlueCatalog.create(b, database).ensureTable("customer", globex, LOCATION));
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(plain.getTable(r -> r.databaseName(database).name("customer")).table().storageDescriptor().columns())
                .extracting(c -> c.name()).containsExactlyInAnyOrder("id", "age", "segment", "churn_risk");
    }
}

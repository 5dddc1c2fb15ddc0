package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.Steps;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.version.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On S3 a version's files are checked against its manifest before Athena reads the partition: a part file
 * replaced after the version was written (same size, other bytes: a new ETag) or an added part file is a
 * 422 data error naming the file, never rows from other bytes.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ChangedDataFileTest {

    private static Manifest publish(AwsEmulator aws, AwsRuntime runtime) {
        String version = Steps.publish(aws, runtime);
        return runtime.versions().manifest("customer", "acme", version);
    }

    private static JsonNode body(JsonNode response) throws Exception {
        return Events.JSON.readTree(response.get("body").asText());
    }

    @Test
    void manifest_recordsSizeChecksumAndEtag_ofEachUploadedFile(AwsEmulator aws) {
        aws.requireMoto("Athena results are canned through moto's API");
        AwsRuntime runtime = new TestLake(aws).runtime();
        Manifest m = publish(aws, runtime);

        ObjectStore.Listed stored = runtime.versions().objectStore().listWithSizes(m.files().get(0).key()).get(0);
        assertThat(m.files().get(0).bytes()).isEqualTo(stored.bytes());
        assertThat(m.files().get(0).etag()).isEqualTo(stored.etag()).isPresent();
        assertThat(m.files().get(0).crc32c()).get().asString().matches("[0-9a-f]{8}");
    }

    @Test
    void postFeatures_partFileReplacedWithSameSize_is422_namingTheFile(AwsEmulator aws) throws Exception {
        aws.requireMoto("Athena results are canned through moto's API");
        AwsRuntime runtime = new TestLake(aws).runtime();
        Manifest m = publish(aws, runtime);
        ObjectStore store = runtime.versions().objectStore();
        byte[] bytes = store.get(m.files().get(0).key()).orElseThrow();
        bytes[bytes.length / 2] ^= 1;
        store.put(m.files().get(0).key(), bytes);

        JsonNode response = invoke(new QueryHandler(runtime), Events.bytes("api-post-features.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(body(response).get("error").asText()).isEqualTo("data_error");
        assertThat(body(response).get("message").asText()).startsWith("Cannot read version '" + m.version()
                + "' of group 'customer' for org 'acme': file part-00000.parquet was changed after the version was written (its ETag is ");
    }

    @Test
    void postFeatures_partFileAddedToTheVersion_is422(AwsEmulator aws) throws Exception {
        aws.requireMoto("Athena results are canned through moto's API");
        AwsRuntime runtime = new TestLake(aws).runtime();
        Manifest m = publish(aws, runtime);
        ObjectStore store = runtime.versions().objectStore();
        store.put(m.files().get(0).key().replace("part-00000", "part-00007"), store.get(m.files().get(0).key()).orElseThrow());

        JsonNode response = invoke(new QueryHandler(runtime), Events.bytes("api-post-features.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(body(response).get("message").asText()).isEqualTo("Cannot read version '" + m.version()
                + "' of group 'customer' for org 'acme': file part-00007.parquet is not in the manifest (it was added after the"
                + " version was written, and engines reading the whole version would read it; remove it, or recalculate)");
    }
}

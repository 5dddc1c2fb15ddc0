package dev.featurestore.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dedicated emulator for Step Functions runs: moto started with MOTO_PORT at a port of its own. */
class AwsEmulatorExtensionTest {
    @RegisterExtension
    static final AwsEmulatorExtension MOTO = AwsEmulatorExtension.withLambdaPort();

    @Test
    void withLambdaPort_startsItsOwnMoto_withAFreeInvokePort(AwsEmulator aws) throws Exception {
        assertThat(aws.isMoto()).isTrue();
        assertThat(aws.lambdaPort()).isPresent();
        assertThat(aws.lambdaPort().getAsInt()).isNotEqualTo(aws.endpoint().getPort());
        HttpURLConnection c = (HttpURLConnection) aws.endpoint().resolve("/moto-api/data.json").toURL().openConnection();
        assertThat(c.getResponseCode()).isEqualTo(200);
    }
}

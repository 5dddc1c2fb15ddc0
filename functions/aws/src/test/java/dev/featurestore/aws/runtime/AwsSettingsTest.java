package dev.featurestore.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.error.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda functions' settings from their environment variables: defaults, and a wrong value stops the start. */
class AwsSettingsTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("BUCKET", "lake", "GLUE_DATABASE", "featurestore_dev"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void from_appliesTheDefaults_whenOnlyTheRequiredVariablesAreSet() {
        AwsSettings s = AwsSettings.from(env("CONFIG_DIR", " ", "STATE_MACHINE_ARN", ""));

        assertThat(s.dataPrefix()).isEmpty();
        assertThat(s.workgroup()).isEqualTo("primary");
        assertThat(s.sourceDatabase("acme")).isEqualTo("featurestore_dev");
        assertThat(s.queryTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(s.maxJsonRows()).isEqualTo(10_000);
        assertThat(s.orgAuthorizer()).isFalse();
        assertThat(s.configDir()).isEmpty();
        assertThat(s.stateMachineArn()).isEmpty();
    }

    @Test
    void from_readsEveryVariable_trimmingNumbersAndFlags() {
        AwsSettings s = AwsSettings.from(env("DATA_PREFIX", "fs", "QUERY_TIMEOUT_SECONDS", " 7 ", "MAX_JSON_ROWS", "5",
                "ORG_AUTHORIZER", " TRUE ", "CONFIG_DIR", "/opt/config", "SOURCE_DATABASE", "src_{org}",
                "STATE_MACHINE_ARN", "arn:aws:states:eu-central-1:1:stateMachine:m"));

        assertThat(s.dataPrefix()).isEqualTo("fs/");
        assertThat(s.queryTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.maxJsonRows()).isEqualTo(5);
        assertThat(s.orgAuthorizer()).isTrue();
        assertThat(s.configDir()).contains(Path.of("/opt/config"));
        assertThat(s.sourceDatabase("acme")).isEqualTo("src_acme");
        assertThat(s.stateMachineArn()).contains("arn:aws:states:eu-central-1:1:stateMachine:m");
    }

    @Test
    void from_isAConfigError_whenARequiredVariableIsMissingOrBlank() {
        Map<String, String> blank = env("BUCKET", "  ");

        assertThatThrownBy(() -> AwsSettings.from(blank)).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot start: environment variable BUCKET is not set (the infra stack sets it; for a local run export it)");
        assertThatThrownBy(() -> AwsSettings.from(Map.of("BUCKET", "lake"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot start: environment variable GLUE_DATABASE is not set");
    }

    @Test
    void from_isAConfigError_whenANumberOrAFlagIsNotOne() {
        assertThatThrownBy(() -> AwsSettings.from(env("MAX_JSON_ROWS", "10k"))).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot start: environment variable MAX_JSON_ROWS is '10k', not a whole number");
        assertThatThrownBy(() -> AwsSettings.from(env("ORG_AUTHORIZER", "yes"))).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot start: environment variable ORG_AUTHORIZER is 'yes', not true or false");
    }

    @Test
    void mergeSettings_defaultToAuto_andRefuseABadNumberOrMode() {
        MergeSettings s = MergeSettings.from(Map.of());

        assertThat(s.choice().mode()).isEqualTo(MergeChoice.Mode.AUTO);
        assertThat(s.choice().ceilingCells()).isEqualTo(MergeChoice.LAMBDA_CEILING_CELLS);
        assertThatThrownBy(() -> MergeSettings.from(Map.of("MERGE_TASK_ROWS", "-"))).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot start: environment variable MERGE_TASK_ROWS is '-', not a whole number");
        assertThatThrownBy(() -> MergeSettings.from(Map.of("MERGE_MODE", "both"))).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot start: Cannot choose the merge 'both' (use auto, single or distributed)");
    }
}

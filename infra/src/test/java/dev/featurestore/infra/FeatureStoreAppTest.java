package dev.featurestore.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's checks before synthesis; no jsii needed. */
class FeatureStoreAppTest {

    @TempDir
    Path tmp;

    private static Map<String, GroupConfig> fixtureGroups() {
        return ConfigLoader.create(Path.of("src/test/resources/fixture-config"), dev.featurestore.config.FunctionOutputs.LISTED).loadAll();
    }

    @Test
    void requireJar_whenNotBuilt_failsNamingTheBuildCommand() {
        Path jar = tmp.resolve("missing/featurestore-lambda.jar");

        assertThatThrownBy(() -> FeatureStoreApp.requireJar(jar))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot synthesize: the Lambda jar " + jar + " does not exist (build it first: "
                        + "mvn -B -ntp -pl infra -am package -DskipTests, which scripts/cdk runs)");
    }

    @Test
    void runs_coverEveryScheduledGroupForTheDeployedOrgsOnly() {
        EnvironmentConfig env = env(List.of("acme"));

        assertThat(FeatureStoreStack.runs(env, fixtureGroups().values())).containsExactlyInAnyOrder(
                new Schedules.Run("customer", "acme", "cron(0 3 * * ? *)"),
                new Schedules.Run("store", "acme", "rate(1 day)"));
    }

    @Test
    void checkOrgs_anOrgInNoGroup_isAConfigError() {
        EnvironmentConfig env = env(List.of("acme", "initech"));

        assertThatThrownBy(() -> FeatureStoreApp.checkOrgs(env, fixtureGroups()))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("orgs: [initech] are in no group (known orgs: [acme, globex]; add them under a group's orgs: or remove them here)");
    }

    @Test
    void synthesis_leavesNoUnacknowledgedWarningOrError() throws IOException {
        for (String env : Synthesized.ENVIRONMENTS) {
            Path metadata = Synthesized.assembly().resolve("featurestore-" + env + ".metadata.json");
            String text = Files.exists(metadata) ? Files.readString(metadata) : "";

            assertThat(text).as(metadata.toString()).doesNotContain("aws:cdk:warning").doesNotContain("aws:cdk:error");
        }
    }

    @Test
    void scheduleIds_areStableCamelCaseOfGroupAndOrg() {
        assertThat(Schedules.id(new Schedules.Run("customer_profile", "acme-eu", "rate(1 day)"))).isEqualTo("CustomerProfileAcmeEu");
    }

    private EnvironmentConfig env(List<String> orgs) {
        try {
            Files.createDirectories(tmp.resolve("environments"));
            Files.writeString(tmp.resolve("environments/dev.yaml"), EnvironmentConfigTestYaml.minimal(orgs));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return EnvironmentConfigLoader.create(tmp).load("dev");
    }

    static final class EnvironmentConfigTestYaml {
        static String minimal(List<String> orgs) {
            return """
                    environment: dev
                    region: eu-central-1
                    bucket: featurestore-dev-{account}-{region}
                    glue_database: featurestore_dev
                    athena: { workgroup: featurestore-dev, bytes_scanned_cutoff: 10GB }
                    orgs: %s
                    access: { principals: { "arn:aws:iam::*:role/x": acme } }
                    """.formatted(orgs);
        }
    }
}

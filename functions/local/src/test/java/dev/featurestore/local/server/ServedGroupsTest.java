package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedGroupsTest {

    @TempDir
    Path config;

    private void copyConfig() throws IOException {
        TestFiles.copyTree(TestConfig.configDir(), config);
    }

    @Test
    void group_isParsedOnce_andAgainAfterAFileChanged() throws IOException {
        copyConfig();
        ServedGroups groups = new ServedGroups(ConfigLoader.create(config), config);
        GroupConfig first = groups.group("customer");

        assertThat(groups.group("customer")).isSameAs(first);

        Path yaml = config.resolve("groups/customer.yaml");
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^description: .*$", "description: Edited while serving"));
        GroupConfig edited = groups.group("customer");

        assertThat(edited).isNotSameAs(first);
        assertThat(edited.description()).isEqualTo("Edited while serving");
    }
}

package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.local.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedGroupsTest {

    @TempDir
    Path config;

    private void copyConfig() throws IOException {
        Path from = TestConfig.configDir();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = config.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
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

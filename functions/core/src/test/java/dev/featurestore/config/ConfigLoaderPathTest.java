package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A group name never becomes a path outside {@code groups/}, and a rejected one never shows a file's content. */
class ConfigLoaderPathTest {
    private static final String SECRET = "group: secret\npassword: hunter2-do-not-print\n";

    @TempDir
    Path root;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        config = root.resolve("srv/app/config");
        Files.createDirectories(config.resolve("groups"));
        Files.writeString(root.resolve("srv/app/secret.yaml"), SECRET);
        Files.writeString(root.resolve("srv/secret.yaml"), SECRET);
        Files.writeString(config.resolve("secret.yaml"), SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret", "../../secret", "../../../secret", "..%2F..%2Fsecret", "..%2F..%2F..%2Fsome%2Ffile",
            "groups/../../secret", "/etc/passwd", "%00", "secret\u0000", "a=b", "Secret", ""})
    void load_rejectsANameOutsideTheRule_beforeReadingAnyFile(String group) {
        assertThatThrownBy(() -> ConfigLoader.create(config).load(group))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot load the config: group '")
                .hasMessageEndingWith("' is not a valid name (lowercase letters, digits and _, starting with a letter, at most 63)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2", root.toString()));
    }

    @Test
    void load_issuesTraversal_givesTheExactMessage() {
        assertThatThrownBy(() -> ConfigLoader.create(config).load("../../secret"))
                .hasMessage("Cannot load the config: group '../../secret' is not a valid name"
                        + " (lowercase letters, digits and _, starting with a letter, at most 63)");
    }

    @Test
    void groupFile_staysInTheGroupsDirectory() {
        assertThat(ConfigLoader.create(config).groupFile("customer")).isEqualTo(config.resolve("groups/customer.yaml"));
    }
}

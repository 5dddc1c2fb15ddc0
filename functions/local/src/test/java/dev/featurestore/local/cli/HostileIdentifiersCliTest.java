package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every identifier a command takes (GROUP, --org, --version, drift --from/--to) and --as-of, given hostile
 * values: exit 2 with one clear line, before anything is read; never exit 1, a stack trace, a file's content
 * or an absolute path of this machine.
 */
class HostileIdentifiersCliTest {
    private static final String SECRET = "group: secret\npassword: hunter2-do-not-print\n";
    private static final String GROUP_RULE = "(lowercase letters, digits and _, starting with a letter, at most 63)";
    private static final String ORG_RULE = "(lowercase letters, digits, _ and -, starting with a letter or digit, at most 63)";
    private static final String VERSION_RULE = "(a version id like 20261124T031500Z-3f9a)";

    @TempDir
    static Path root;
    static Path config;
    static Cli cli;

    @BeforeAll
    static void setUp() throws IOException {
        config = root.resolve("app/config");
        Files.createDirectories(config.resolve("groups"));
        Files.copy(TestConfig.configDir().resolve("groups/customer.yaml"), config.resolve("groups/customer.yaml"));
        Files.createDirectories(config.resolve("customer"));
        try (Stream<Path> sql = Files.list(TestConfig.configDir().resolve("customer"))) {
            for (Path p : sql.toList()) {
                Files.copy(p, config.resolve("customer").resolve(p.getFileName()));
            }
        }
        Files.writeString(root.resolve("secret.yaml"), SECRET);
        Files.writeString(root.resolve("app/secret.yaml"), SECRET);
        Files.writeString(config.resolve("secret.yaml"), SECRET);
        cli = new Cli(root.resolve("lake"));
    }

    static List<Object[]> hostile() {
        List<Object[]> cases = new ArrayList<>();
        for (String group : List.of("..%2F..%2F..%2Fsecret", "../../secret", "../secret", "groups/../../secret", "%00",
                "secret\u0000", "a=b", "x".repeat(5000), "/etc/passwd")) {
            cases.add(new Object[] {List.of("get", group), "Cannot read features: group"});
            cases.add(new Object[] {List.of("versions", group), "Cannot list versions: group"});
            cases.add(new Object[] {List.of("runs", group), "Cannot list runs: group"});
            cases.add(new Object[] {List.of("drift", group), "Cannot compare drift: group"});
            cases.add(new Object[] {List.of("calculate", group), "Cannot calculate: group"});
            cases.add(new Object[] {List.of("publish", group, "--org", "acme", "--version", "20261124T031500Z-3f9a"), "Cannot publish: group"});
            cases.add(new Object[] {List.of("pin", group, "--org", "acme", "--version", "20261124T031500Z-3f9a"), "Cannot pin: group"});
        }
        for (String org : List.of("../x", "..", "%00", "a=b", "a/b", "Acme")) {
            cases.add(new Object[] {List.of("get", "customer", "--org", org), "Cannot read features: org"});
            cases.add(new Object[] {List.of("versions", "customer", "--org", org), "Cannot list versions: org"});
            cases.add(new Object[] {List.of("runs", "customer", "--org", org), "Cannot list runs: org"});
            cases.add(new Object[] {List.of("drift", "customer", "--org", org), "Cannot compare drift: org"});
            cases.add(new Object[] {List.of("calculate", "customer", "--org", org), "Cannot calculate: org"});
            cases.add(new Object[] {List.of("publish", "customer", "--org", org, "--version", "20261124T031500Z-3f9a"), "Cannot publish: org"});
        }
        for (String version : List.of("a=b", "..", "../x", "%00", "a\u0000b", "20261124T031500Z-3f9a/../x", "v".repeat(300))) {
            cases.add(new Object[] {List.of("get", "customer", "--org", "acme", "--version", version), "Cannot read features: version"});
            cases.add(new Object[] {List.of("drift", "customer", "--org", "acme", "--from=" + version), "Cannot compare drift: version"});
            cases.add(new Object[] {List.of("drift", "customer", "--org", "acme", "--to", version), "Cannot compare drift: version"});
            cases.add(new Object[] {List.of("publish", "customer", "--org", "acme", "--version", version), "Cannot publish: version"});
            cases.add(new Object[] {List.of("pin", "customer", "--org", "acme", "--version", version, "--remove"), "Cannot unpin: version"});
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileIdentifier_exits2_withOneClearLine_andNothingRead(List<String> args, String expected) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--config", config.toString()));

        Cli.Result r = cli.run(all.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("featurestore: " + expected + " '").contains("' is not a valid name (")
                .doesNotContain("hunter2", "Exception", "\tat ", root.toString(), "internal error");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(root.resolve("lake")).doesNotExist();
    }

    @Test
    void issuesTraversal_givesTheExactMessage() {
        Cli.Result r = cli.run("get", "..%2F..%2F..%2Fsecret", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("featurestore: Cannot read features: group '..%2F..%2F..%2Fsecret' is not a valid name "
                + GROUP_RULE + "\n");
    }

    @Test
    void orgTraversal_givesTheExactMessage() {
        Cli.Result r = cli.run("get", "customer", "--org", "../x", "--config", config.toString());

        assertThat(r.err()).isEqualTo("featurestore: Cannot read features: org '../x' is not a valid name " + ORG_RULE + "\n");
    }

    @Test
    void versionWithEquals_givesTheExactMessage() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--version", "a=b", "--config", config.toString());

        assertThat(r.err()).isEqualTo("featurestore: Cannot read features: version 'a=b' is not a valid name " + VERSION_RULE + "\n");
    }

    @Test
    void driftFromDotDot_givesTheExactMessage() {
        Cli.Result r = cli.run("drift", "customer", "--org", "acme", "--from=..", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("featurestore: Cannot compare drift: version '..' is not a valid name " + VERSION_RULE + "\n");
    }

    @Test
    void orgFromTheEnvironment_isCheckedToo() {
        Cli.Result r = new Cli(root.resolve("lake2"), java.util.Map.of("FEATURESTORE_ORG", "../x"))
                .run("get", "customer", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("featurestore: Cannot read features: org '../x' is not a valid name " + ORG_RULE + "\n");
    }

    @Test
    void asOfFarInTheFuture_exits2_notALongOverflow() {
        Cli.Result r = new Cli(root.resolve("lake2")).run("get", "customer", "--org", "acme", "--as-of", "+999999999-12-31T23:59:59Z",
                "--config", config.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("featurestore: Cannot read as of +999999999-12-31T23:59:59Z: outside the years 0001 to 9999"
                + " (give an ISO-8601 instant such as 2026-11-24T00:00:00Z)\n");
    }
}

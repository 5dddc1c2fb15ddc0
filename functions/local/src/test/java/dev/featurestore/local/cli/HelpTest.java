package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command answers --help (and -h) with its usage and exit code 0, whatever options it requires. */
class HelpTest {
    @TempDir
    static Path lake;

    /** The registered subcommands, read from the command line itself so a new command is covered too. */
    static Stream<String> commands() {
        Main main = new Main();
        CommandLine cli = new CommandLine(main, new Main.Factory(new Environment(Map.of(), false, new PrintStream(PrintStream.nullOutputStream())), main));
        return cli.getSubcommands().keySet().stream().filter(name -> !name.equals("help"));
    }

    @Test
    void commands_includeEveryCommandOfTheReadme() {
        assertThat(commands().toList()).contains("demo", "validate", "calculate", "get", "versions", "publish", "pin", "runs",
                "drift", "serve", "merge", "sources");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void help_onEveryCommand_exits0_withUsage(String command) {
        for (String flag : List.of("--help", "-h")) {
            Cli.Result r = new Cli(lake).run(command, flag);

            assertThat(r.exitCode()).as(command + " " + flag + ": " + r.err()).isZero();
            assertThat(r.out()).startsWith("Usage: featurestore " + command);
            assertThat(r.err()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpCommand_onEveryCommand_exits0_withUsage(String command) {
        Cli.Result r = new Cli(lake).run("help", command);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: featurestore " + command);
    }
}

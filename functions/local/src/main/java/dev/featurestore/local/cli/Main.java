package dev.featurestore.local.cli;

import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.FeatureStoreException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code featurestore} command line of local mode. Exit codes come from {@link ErrorKind#exitCode()}
 * here and nowhere else: 0 ok, 2 usage or config error, 3 data or query error, 1 internal.
 */
@Command(name = "featurestore",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A feature store for small big data; this is local mode (a lake directory + DuckDB).",
        subcommands = {
                DemoCommand.class,
                ValidateCommand.class,
                PlanCommand.class,
                CalculateCommand.class,
                GetCommand.class,
                TrainingSetCommand.class,
                VersionsCommand.class,
                PublishCommand.class,
                PinCommand.class,
                ReproduceCommand.class,
                RunsCommand.class,
                DriftCommand.class,
                CatalogCommand.class,
                UsageCommand.class,
                ServeCommand.class,
                MergeCommand.class,
                SourcesCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // also accepted before the command (featurestore --lake DIR get ...); a command's own option wins
    @CommandLine.Option(names = "--lake", paramLabel = "DIR", description = "The lake directory (default: $FEATURESTORE_LAKE or ./.featurestore/).")
    java.nio.file.Path lake;

    @CommandLine.Option(names = "--config", paramLabel = "DIR", description = "The config directory (default: $FEATURESTORE_CONFIG, ./config or $FEATURESTORE_ROOT/config).")
    java.nio.file.Path config;

    @CommandLine.Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.dev.featurestore.calculate.Calculation", "info");
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv(), terminal()));
    }

    /** Runs the CLI in-process (what tests call); returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        Environment environment = new Environment(env, terminal, out);
        Main main = new Main();
        CommandLine cli = new CommandLine(main, new Factory(environment, main));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ErrorKind kind = FeatureStoreException.kindOf(e);
            String message = e instanceof FeatureStoreException ? e.getMessage() : "internal error: " + e;
            commandLine.getErr().println("featurestore: " + message);
            if (verbose(parseResult)) {
                e.printStackTrace(commandLine.getErr());
            } else if (kind == ErrorKind.INTERNAL) {
                commandLine.getErr().println("featurestore: (run again with --verbose for the stack trace)");
            }
            commandLine.getErr().flush();
            return kind.exitCode();
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("featurestore: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
                c.getErr().println("Usage: see '" + c.getCommandSpec().qualifiedName() + " --help'");
            }
            c.getErr().flush();
            return ErrorKind.USAGE.exitCode();
        });
        return cli.execute(args);
    }

    /**
     * Whether stdout is a terminal: {@code System.console()}, and on JDK 22+ (where it may return a console
     * for redirected streams) its {@code isTerminal()}, called reflectively since the code targets Java 21.
     */
    static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console means a terminal
        }
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Gives commands the process environment (env variables, whether stdout is a terminal, raw stdout). */
    static final class Factory implements CommandLine.IFactory {
        private final Environment environment;
        private final Main main;

        Factory(Environment environment, Main main) {
            this.environment = environment;
            this.main = main;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GlobalOptions.class) {
                return cls.cast(new GlobalOptions(environment, main));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"featurestore " + (v == null ? "dev" : v)};
        }
    }
}

package dev.featurestore.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.server.LocalServer;
import java.nio.file.Path;

/**
 * A lake served by {@code serve} on a free port of 127.0.0.1, with the test config: the runtime and the server
 * of the tests that talk HTTP to a real lake, closed together.
 */
public final class ServedLake implements AutoCloseable {
    private final LocalRuntime runtime;
    private final LocalServer server;

    private ServedLake(LocalRuntime runtime, LocalServer server) {
        this.runtime = runtime;
        this.server = server;
    }

    /** Writes the sample sources ({@code customers} customers) into {@code lake} and calculates group customer for acme. */
    public static void calculate(Path lake, int customers) {
        Cli cli = new Cli(lake);
        Cli.Result sources = cli.run("sources", "--customers", Integer.toString(customers));
        assertThat(sources.exitCode()).as(sources.err()).isZero();
        Cli.Result calculated = cli.run("calculate", "customer", "--org", "acme");
        assertThat(calculated.exitCode()).as(calculated.err()).isZero();
    }

    /** Serves {@code lake} as it is. */
    public static ServedLake serve(Path lake) {
        LocalRuntime runtime = LocalRuntime.open(lake, TestConfig.configDir());
        try {
            return new ServedLake(runtime, LocalServer.start(runtime, "127.0.0.1", 0));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** {@link #calculate}, then {@link #serve}. */
    public static ServedLake calculateAndServe(Path lake, int customers) {
        calculate(lake, customers);
        return serve(lake);
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    public LocalServer server() {
        return server;
    }

    /** The server's base URL ({@code http://127.0.0.1:port}). */
    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
    }
}

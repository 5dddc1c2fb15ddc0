package dev.featurestore.local.cli;

import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.server.LocalServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the HTTP API on this machine for notebooks (until Ctrl-C):",
                "  GET /groups, GET /groups/{group}, POST /groups/{group}/features (JSON body: features, exclude, filters, org, version, as_of, limit, format), GET /groups/{group}/drift?org=&from=&to=."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8765;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default: ${DEFAULT-VALUE}; there is no authentication).")
    String host = "127.0.0.1";

    @Override
    public Integer call() throws InterruptedException {
        try (LocalRuntime rt = global.open()) {
            rt.removeLeftovers(); // Parquet answers a killed serve left in the lake
            serve(rt);
            return 0;
        }
    }

    private void serve(LocalRuntime rt) throws InterruptedException {
        try (LocalServer server = LocalServer.start(rt, host, port)) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine().getOut().println("featurestore: serving " + rt.lake() + " on " + server.url() + " (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            stopped.await();
        }
    }
}

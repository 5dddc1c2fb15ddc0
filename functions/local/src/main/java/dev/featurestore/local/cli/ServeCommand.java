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
                "  GET /groups, GET /groups/{group}, POST /groups/{group}/features (JSON body: features, exclude, filters, ids, include_missing, org, version, as_of, limit, format, consumer), GET /groups/{group}/entities/{id}?org=&version=&features=, POST /groups/{group}/training-set, GET /groups/{group}/drift?org=&from=&to=, GET /openapi.json.",
                "Without a token it listens on loopback and answers only loopback Host headers (docs/local.md)."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8765;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default: ${DEFAULT-VALUE}; any other needs a token).")
    String host = "127.0.0.1";

    @Option(names = "--token", paramLabel = "TOKEN", description = "Require 'Authorization: Bearer TOKEN' on every request "
            + "(default: $FEATURESTORE_TOKEN; needed to listen beyond loopback).")
    String token;

    @Override
    public Integer call() throws InterruptedException {
        // one info line per request (docs/local.md), also without --verbose; read when the logger is first used
        System.setProperty("org.slf4j.simpleLogger.log.dev.featurestore.api.RequestLog", "info");
        java.util.Optional<String> secret = java.util.Optional.ofNullable(token)
                .or(() -> java.util.Optional.ofNullable(global.environment().env().get("FEATURESTORE_TOKEN")))
                .filter(t -> !t.isBlank());
        try (LocalRuntime rt = global.open()) {
            rt.removeLeftovers(); // Parquet answers a killed serve left in the lake
            serve(rt, secret);
            return 0;
        }
    }

    private void serve(LocalRuntime rt, java.util.Optional<String> secret) throws InterruptedException {
        try (LocalServer server = LocalServer.start(rt, host, port, secret)) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine().getOut().println("featurestore: serving " + rt.lake() + " on " + server.url() + " (Ctrl-C to stop)");
            if (secret.isPresent()) {
                spec.commandLine().getOut().println("featurestore: every request needs 'Authorization: Bearer <token>'");
            }
            spec.commandLine().getOut().flush();
            stopped.await();
        }
    }
}

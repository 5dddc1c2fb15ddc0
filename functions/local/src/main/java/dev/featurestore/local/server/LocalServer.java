package dev.featurestore.local.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.featurestore.api.ApiRequest;
import dev.featurestore.api.ApiResponse;
import dev.featurestore.api.CallerOrgs;
import dev.featurestore.api.GroupSource;
import dev.featurestore.api.HttpRefusal;
import dev.featurestore.api.LookupRoutes;
import dev.featurestore.api.ReadRoutes;
import dev.featurestore.local.trainingset.DuckDbTrainingSetJoin;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.trainingset.TrainingSets;
import dev.featurestore.api.ReadService;
import dev.featurestore.api.RequestLog;
import dev.featurestore.api.Router;
import dev.featurestore.api.RunRoutes;
import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.ForbiddenException;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.read.DuckDbQueryEngine;
import dev.featurestore.run.ReproductionLauncher;
import dev.featurestore.run.RunLauncher;
import dev.featurestore.version.VersionIds;
import dev.featurestore.query.ErrorBody;
import dev.featurestore.query.GetFeaturesRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code featurestore serve}: the API's {@link Router} over HTTP on this machine, for notebooks. The transport
 * only carries requests and answers, and guards the door (docs/local.md, "Who may call serve"):
 * <ul>
 *   <li>without a token it listens on loopback only and answers only loopback {@code Host} headers (a web page
 *       cannot reach it through DNS rebinding); binding another interface needs a token;</li>
 *   <li>with a token every request must carry {@code Authorization: Bearer <token>} (401 otherwise);</li>
 *   <li>bodies must be {@code application/json} (415, in the router); a declared body over the limit is refused
 *       with 413: up to 8 MiB it is read and discarded first (so the client sees the answer), a larger one is
 *       not read at all and the connection is closed;</li>
 *   <li>each request runs on its own virtual thread, and a request that is not received within
 *       {@link #REQUEST_SECONDS} seconds is cut off, so slow clients cannot stall the others;</li>
 *   <li>a streamed answer that fails after its status line is aborted (the chunked body never ends) and logged at
 *       error level, so it cannot pass for a complete answer.</li>
 * </ul>
 */
public final class LocalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);
    /** Seconds a client has to send its request (headers and body) before the connection is closed. */
    static final long REQUEST_SECONDS = 30;

    static {
        // read once by the JDK's server when the first one starts: set defaults unless the user chose values
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime",
                Long.toString(REQUEST_SECONDS)));
    }

    private final Router router;
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Optional<String> token;
    private final RequestLog log;
    private final List<AutoCloseable> closeWith = new CopyOnWriteArrayList<>();

    private LocalServer(Router router, HttpServer server, ExecutorService threads, Optional<String> token, RequestLog log) {
        this.router = router;
        this.server = server;
        this.threads = threads;
        this.token = token;
        this.log = log;
    }

    /** Serves on loopback {@code host:port} without a token (port 0: any free port, see {@link #port()}). */
    public static LocalServer start(LocalRuntime runtime, String host, int port) {
        return start(runtime, host, port, Optional.empty());
    }

    /**
     * Serves the read and run routes of this lake. A host beyond loopback needs a token.
     *
     * @throws UsageException when the host is not loopback and there is no token, or the port is taken
     */
    public static LocalServer start(LocalRuntime runtime, String host, int port, Optional<String> token) {
        BackgroundRuns runs = new BackgroundRuns(runtime, Runtime.getRuntime().availableProcessors());
        BackgroundReproductions reproductions = new BackgroundReproductions(runtime, Runtime.getRuntime().availableProcessors(),
                VersionIds.systemDefault());
        try {
            LocalServer server = start(routes(runtime, runs, reproductions), host, port, token, RequestLog.slf4j());
            server.closeWith.add(runs);
            server.closeWith.add(reproductions);
            return server;
        } catch (RuntimeException e) {
            runs.close();
            reproductions.close();
            throw e;
        }
    }

    /**
     * The routes {@code serve} answers: the read routes over DuckDB and the run routes over {@code runs}
     * (calculations in the background) and {@code reproductions} (rebuilds in the background), every org readable.
     */
    public static Router routes(LocalRuntime runtime, RunLauncher runs, ReproductionLauncher reproductions) {
        GroupSource groups = new ServedGroups(runtime.config(), runtime.configDir());
        DuckDbQueryEngine engine = new DuckDbQueryEngine(runtime.reader(), runtime.workDir());
        ReadService reads = new ReadService(groups, runtime.versions(), engine, CallerOrgs.EVERY_ORG);
        return RunRoutes.register(ReadRoutes.router(reads, new LookupRoutes(reads, groups, new EntityLookup(runtime.store(), runtime.versions()),
                new TrainingSets(runtime.store(), runtime.versions()),
                new DuckDbTrainingSetJoin(runtime.db(), runtime.store(), runtime.workDir()))),
                reads, groups, runtime.versions(), CallerOrgs.EVERY_ORG, runs, reproductions)
                .get("/catalog", call -> catalogPage(runtime, groups));
    }

    /** {@code GET /catalog}: the catalog page (docs/catalog.md), serve only: HTML for people, not part of the JSON API. */
    private static ApiResponse catalogPage(LocalRuntime runtime, GroupSource groups) {
        dev.featurestore.discovery.FeatureCatalog catalog = dev.featurestore.discovery.FeatureCatalogBuilder.create(
                runtime.versions(), Optional.of(runtime.usage()), 30, runtime.versions().clock())
                .build(java.util.List.copyOf(groups.all()));
        return ApiResponse.stream(200, "text/html; charset=utf-8",
                dev.featurestore.api.ResponseBody.of(dev.featurestore.local.html.CatalogHtml.render(catalog)));
    }

    /** Serves a router (tests, and runtimes that add routes), logging each request to {@code log}. */
    public static LocalServer start(Router router, String host, int port, Optional<String> token, RequestLog log) {
        Optional<String> t = token.filter(s -> !s.isBlank());
        if (t.isEmpty() && !isLoopback(host)) {
            throw new UsageException("Cannot serve on " + host + " without a token: anyone who can reach it could read every org"
                    + " (pass --token or set FEATURESTORE_TOKEN, and send it as 'Authorization: Bearer <token>'; or keep the default 127.0.0.1)");
        }
        try {
            // TCP_NODELAY on accepted sockets: without it a small answer written in two parts (headers, then a
            // chunk) waits for the client's delayed ACK, ~40 ms on every short request (docs/benchmarks.md, lookups).
            // The JDK server reads the property once, when its first server is created; an explicit setting wins.
            if (System.getProperty(NODELAY) == null) {
                System.setProperty(NODELAY, "true");
            }
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
            ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
            LocalServer s = new LocalServer(router, http, threads, t, log);
            http.createContext("/", s::handle);
            http.setExecutor(threads);
            http.start();
            return s;
        } catch (IOException e) {
            throw new UsageException("Cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is the port in use? choose another with --port)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        String host = server.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        ApiRequest request = new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                Map.of(), headers(exchange.getRequestHeaders()), new byte[0]);
        ApiResponse response;
        try {
            guard(exchange);
            request = new ApiRequest(request.method(), request.rawPath(), ApiRequest.parseQuery(exchange.getRequestURI().getRawQuery()),
                    request.headers(), GetFeaturesRequest.readBody(exchange.getRequestBody()));
            response = router.handle(request);
        } catch (RuntimeException refused) {
            response = ApiResponse.error(ErrorBody.of(refused));
            if (refused instanceof HttpRefusal r && r.kind() == ErrorKind.UNAUTHORIZED) {
                response = response.withHeader("WWW-Authenticate", "Bearer");
            }
            if (ErrorKind.TOO_LARGE == dev.featurestore.error.FeatureStoreException.kindOf(refused)) {
                if (!drainedSmallExcess(exchange)) {
                    // a huge body is not read: answer, then drop the connection instead of draining what the client still sends
                    send(exchange, request, response.withHeader("Connection", "close"), start);
                    throw new AbortedExchange("an oversized request body was refused unread");
                }
            }
        }
        send(exchange, request, response, start);
        exchange.close();
    }

    /** Checks the door before anything is read: token, Host header, the declared body size. */
    private void guard(HttpExchange exchange) {
        Headers h = exchange.getRequestHeaders();
        if (token.isPresent()) {
            String auth = Optional.ofNullable(h.getFirst("Authorization")).orElse("");
            byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, auth.trim().getBytes(StandardCharsets.UTF_8))) {
                throw new HttpRefusal(ErrorKind.UNAUTHORIZED, "Cannot answer: this server needs its token"
                        + " (send 'Authorization: Bearer <token>', the token given to serve with --token or FEATURESTORE_TOKEN)");
            }
        } else {
            String host = Optional.ofNullable(h.getFirst("Host")).orElse("");
            if (!isLoopbackHostHeader(host)) {
                throw new ForbiddenException("Cannot answer a request for host '" + dev.featurestore.query.FilterText.echo(host)
                        + "': without a token this server answers only localhost, 127.0.0.1 and [::1]"
                        + " (start serve with --token to reach it by another name)");
            }
        }
        String length = h.getFirst("Content-Length");
        if (length != null) {
            try {
                GetFeaturesRequest.checkBodySize(Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("Cannot read request: Content-Length '" + dev.featurestore.query.FilterText.echo(length)
                        + "' is not a number");
            }
        }
    }

    /** Bodies up to this size over the limit are read and discarded before the 413, so the client sees the answer. */
    static final long DRAINED_EXCESS = 8L * GetFeaturesRequest.MAX_BODY_BYTES;

    /**
     * Reads and discards a declared body of at most {@link #DRAINED_EXCESS} bytes (a slightly oversized request:
     * a client still sending it would otherwise see a reset instead of the 413); a larger or undeclared body is
     * left unread. The request timeout bounds a slow sender either way.
     */
    private static boolean drainedSmallExcess(HttpExchange exchange) {
        try {
            long declared = Long.parseLong(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Length")).orElse("-1").trim());
            if (declared < 0 || declared > DRAINED_EXCESS) {
                return false;
            }
            try (var in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return true;
        } catch (NumberFormatException | IOException e) {
            return false;
        }
    }

    /**
     * Writes the answer. A body that fails after the status line was sent cannot become an error status any more:
     * the exchange is aborted (the JDK server closes the connection without ending the chunked body, which every
     * HTTP client reports as an error) and the failure logged at error level.
     */
    private void send(HttpExchange exchange, ApiRequest request, ApiResponse response, long start) throws IOException {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        long length = response.fixedLength().orElse(0L);
        exchange.sendResponseHeaders(response.status(), response.fixedLength().isPresent() && length == 0 ? -1 : length);
        OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
        long rows;
        try {
            rows = length == 0 && response.fixedLength().isPresent() ? -1 : response.body().writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            log.aborted(request, response, millis(start), e);
            throw new AbortedExchange("the answer failed after it began: " + e);
        }
        log.served(request, response, rows, millis(start));
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Map<String, String> headers(Headers h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code localhost}, {@code 127.x.y.z} or {@code [::1]}, with or without a port. */
    static boolean isLoopbackHostHeader(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = h.substring(1, end);
            String rest = h.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return false;
            }
            return name.equals("::1") || name.equals("0:0:0:0:0:0:0:1");
        }
        int colon = h.indexOf(':');
        name = colon < 0 ? h : h.substring(0, colon);
        if (colon >= 0 && !h.substring(colon + 1).matches("\\d{1,5}")) {
            return false;
        }
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        for (AutoCloseable c : closeWith) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}: {}", c, e.toString());
            }
        }
    }

    /** Thrown out of the handler so the JDK server closes the connection at once (no drain, no end of body). */
    private static final class AbortedExchange extends RuntimeException {
        AbortedExchange(String message) {
            super(message, null, false, false);
        }
    }
}

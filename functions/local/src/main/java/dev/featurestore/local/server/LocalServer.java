package dev.featurestore.local.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.read.LocalFeatureReader;
import dev.featurestore.query.ErrorBody;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.GetFeaturesRequest;
import dev.featurestore.query.GroupsJson;
import dev.featurestore.query.ResultFormat;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import dev.featurestore.version.VersionInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of docs/query.md (section 4) on this machine, for notebooks: {@code GET /groups}, {@code GET /groups/{group}},
 * {@code POST /groups/{group}/features} (the body of {@link GetFeaturesRequest}), {@code GET /groups/{group}/drift}. Answers are JSON rows, CSV
 * or Parquet ({@code "format"} in the body, else the {@code Accept} header); errors are
 * {@code {"error": code, "message": ...}} with the status of their {@link ErrorKind}. No authentication: it
 * listens on the loopback interface by default, and the org comes from the body.
 */
public final class LocalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final LocalRuntime runtime;
    private final HttpServer server;
    private final ExecutorService pool;

    private LocalServer(LocalRuntime runtime, HttpServer server, ExecutorService pool) {
        this.runtime = runtime;
        this.server = server;
        this.pool = pool;
    }

    /** Starts serving on {@code host:port} (port 0: any free port, see {@link #port()}). */
    public static LocalServer start(LocalRuntime runtime, String host, int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
            ExecutorService pool = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("http-", 0).daemon().factory());
            LocalServer s = new LocalServer(runtime, http, pool);
            http.createContext("/", s::handle);
            http.setExecutor(pool);
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
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException | IOException e) {
                ErrorBody body = e instanceof MethodNotAllowedException
                        ? new ErrorBody(405, "method_not_allowed", e.getMessage()) : ErrorBody.of(e);
                // the request body may be unread (413): do not let the client reuse this connection, and read
                // what it still sends (up to a cap) so it gets to read our answer instead of a reset connection
                exchange.getResponseHeaders().set("Connection", "close");
                if (body.status() == 413) {
                    drain(exchange.getRequestBody());
                }
                if (body.status() >= 500) {
                    LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                }
                send(exchange, body.status(), JSON_TYPE, body.json().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.warn("cannot answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private static final long MAX_DRAIN_BYTES = 64L << 20;

    private static void drain(java.io.InputStream body) {
        try {
            long skipped = 0;
            byte[] buffer = new byte[64 << 10];
            int n;
            while (skipped < MAX_DRAIN_BYTES && (n = body.read(buffer)) > 0) {
                skipped += n;
            }
        } catch (IOException e) {
            LOG.debug("cannot drain an oversized request body: {}", e.toString());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        if (path.size() == 1 && path.get(0).equals("groups")) {
            requireMethod(method, "GET", exchange);
            sendJson(exchange, groups());
        } else if (path.size() == 2 && path.get(0).equals("groups")) {
            requireMethod(method, "GET", exchange);
            sendJson(exchange, group(path.get(1), exchange.getRequestURI().getRawQuery()));
        } else if (path.size() == 3 && path.get(0).equals("groups") && path.get(2).equals("features")) {
            requireMethod(method, "POST", exchange);
            features(exchange, path.get(1));
        } else if (path.size() == 3 && path.get(0).equals("groups") && path.get(2).equals("drift")) {
            requireMethod(method, "GET", exchange);
            sendJson(exchange, drift(path.get(1), exchange.getRequestURI().getRawQuery()));
        } else {
            throw new NotFoundException("Cannot find " + exchange.getRequestURI().getPath()
                    + " (routes: GET /groups, GET /groups/{group}, POST /groups/{group}/features, GET /groups/{group}/drift)");
        }
    }

    private static void requireMethod(String method, String allowed, HttpExchange exchange) {
        if (!method.equals(allowed)) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new MethodNotAllowedException("Cannot " + method + " " + exchange.getRequestURI().getPath() + " (use " + allowed + ")");
        }
    }

    private String groups() {
        return GroupsJson.groups(runtime.config().loadAll().values(), org -> true);
    }

    /**
     * The shared per-org body of {@link GroupsJson#group} for {@code ?org=} (default: the group's first org,
     * as the CLI's get), plus {@code "orgs"}: every org of the group, since locally every org is readable.
     */
    private String group(String name, String query) throws IOException {
        GroupConfig g = runtime.config().load(name);
        String org = queryParameter(query, "org").orElse(g.orgNames().get(0));
        ResolvedGroup resolved = g.forOrg(org);
        ObjectNode root = (ObjectNode) JSON.readTree(GroupsJson.group(resolved, g.description(), runtime.versions().versions(name, org)));
        g.orgNames().forEach(root.putArray("orgs")::add);
        return JSON.writeValueAsString(root);
    }

    /** {@code GET /groups/{group}/drift?org=&from=&to=}: the body of the Lambda's route and of {@code drift --json}. */
    private String drift(String name, String query) {
        GroupConfig g = runtime.config().load(name);
        String org = queryParameter(query, "org").orElse(g.orgNames().get(0));
        return dev.featurestore.drift.DriftJson.write(dev.featurestore.drift.DriftService.create(runtime.versions())
                .compare(g.forOrg(org), queryParameter(query, "from"), queryParameter(query, "to")));
    }

    static java.util.Optional<String> queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return java.util.Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return java.util.Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return java.util.Optional.empty();
    }

    private void features(HttpExchange exchange, String group) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                GetFeaturesRequest.checkBodySize(Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("Cannot read request: Content-Length '" + length + "' is not a number");
            }
        }
        GetFeaturesRequest request = GetFeaturesRequest.parse(GetFeaturesRequest.readBody(exchange.getRequestBody()));
        GroupConfig config = runtime.config().load(group);
        String org = request.org().orElseGet(() -> {
            if (config.orgNames().size() == 1) {
                return config.orgNames().get(0);
            }
            throw new UsageException("Cannot read group '" + group + "': it has several orgs (" + String.join(", ", config.orgNames())
                    + "); add \"org\" to the body");
        });
        config.forOrg(org); // NotFoundException listing the orgs
        FeatureQuery query = request.toQuery(group, org, accepted(exchange.getRequestHeaders().getFirst("Accept")));
        LocalFeatureReader reader = runtime.reader();
        LocalFeatureReader.Prepared prepared = reader.prepare(query);
        exchange.getResponseHeaders().set("X-Featurestore-Version", prepared.version());
        switch (query.format()) {
            case JSON -> stream(exchange, JSON_TYPE, out -> reader.writeJson(prepared, out));
            case CSV -> stream(exchange, "text/csv; charset=utf-8", out -> reader.writeCsv(prepared, out));
            case PARQUET -> {
                Path file = runtime.lake().resolve(".work").resolve("answer-" + UUID.randomUUID() + ".parquet");
                try {
                    reader.writeParquet(prepared, file);
                    exchange.getResponseHeaders().set("Content-Disposition",
                            "attachment; filename=\"" + group + "-" + org + "-" + prepared.version() + ".parquet\"");
                    exchange.getResponseHeaders().set("Content-Type", ResultFormat.PARQUET.contentType());
                    exchange.sendResponseHeaders(200, Files.size(file));
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The format an Accept header asks for; JSON when it names none of ours. */
    static ResultFormat accepted(String accept) {
        if (accept != null) {
            String a = accept.toLowerCase(Locale.ROOT);
            if (a.contains(ResultFormat.PARQUET.contentType())) {
                return ResultFormat.PARQUET;
            }
            if (a.contains(ResultFormat.CSV.contentType())) {
                return ResultFormat.CSV;
            }
        }
        return ResultFormat.JSON;
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Streams a body chunked. The query already ran its checks in {@code prepare}, so failures after the
     * status line are engine failures; they cut the response short (the client sees a truncated body).
     */
    private static void stream(HttpExchange exchange, String type, Body body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
            body.write(out);
        }
    }

    private static void sendJson(HttpExchange exchange, String json) throws IOException {
        send(exchange, 200, JSON_TYPE, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static List<String> segments(String rawPath) {
        return java.util.Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** 405: the route exists, the method does not (no ErrorKind: only HTTP has methods). */
    static final class MethodNotAllowedException extends RuntimeException {
        MethodNotAllowedException(String message) {
            super(message);
        }
    }
}

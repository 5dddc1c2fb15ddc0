package dev.featurestore.infra;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) on a loopback port, answering
 * with handler classes run in-process: moto's Step Functions call it for every {@code lambda:invoke} task
 * (moto started with {@code MOTO_PORT} = this port). A handler's exception becomes what Lambda returns for an
 * unhandled error: status 200, {@code X-Amz-Function-Error: Unhandled}, {@code {"errorType", "errorMessage"}}.
 */
final class LambdaInvokeApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/2015-03-31/functions/";

    private final HttpServer server;
    private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
    private final List<String> invocations = new CopyOnWriteArrayList<>();

    private LambdaInvokeApi(HttpServer server) {
        this.server = server;
    }

    static LambdaInvokeApi start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        LambdaInvokeApi api = new LambdaInvokeApi(server);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return api;
    }

    /** @param name the function name, or the last part of its ARN */
    void register(String name, RequestStreamHandler handler) {
        functions.put(name, handler);
    }

    void clear() {
        functions.clear();
        invocations.clear();
    }

    /** The function names invoked so far, in order. */
    List<String> invocations() {
        return List.copyOf(invocations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.startsWith(PREFIX) || !path.endsWith("/invocations")) {
                respond(exchange, 404, Map.of(), "{\"message\":\"not the Invoke API: " + path + "\"}");
                return;
            }
            String name = URLDecoder.decode(path.substring(PREFIX.length(), path.length() - "/invocations".length()), StandardCharsets.UTF_8);
            name = name.substring(name.lastIndexOf(':') + 1);
            RequestStreamHandler handler = functions.get(name);
            if (handler == null) {
                respond(exchange, 404, Map.of("X-Amzn-ErrorType", "ResourceNotFoundException"),
                        "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}");
                return;
            }
            invocations.add(name);
            byte[] event = exchange.getRequestBody().readAllBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, null);
                respond(exchange, 200, Map.of("X-Amz-Executed-Version", "$LATEST"), out.toString(StandardCharsets.UTF_8));
            } catch (Exception | Error e) {
                String body = JSON.writeValueAsString(Map.of("errorType", e.getClass().getName(),
                        "errorMessage", String.valueOf(e.getMessage())));
                respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "$LATEST"), body);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.api.ApiResponse;
import dev.featurestore.api.RequestLog;
import dev.featurestore.api.Router;
import dev.featurestore.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP transport's own duties, over a small router (no lake needed): aborting a failed stream, slow clients,
 * oversized bodies, the Host and token checks, the request log line.
 */
class LocalServerTransportTest {
    private final List<String> info = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final RequestLog log = new RequestLog(info::add, (line, cause) -> errors.add(line));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LocalServer> servers = new ArrayList<>();

    private static Router router() {
        return new Router()
                .get("/ok", call -> ApiResponse.json(200, "{\"ok\": true}").withOrg("acme"))
                .get("/rows", call -> ApiResponse.stream(200, ApiResponse.JSON_TYPE, out -> {
                    out.write("{\"rows\": [".getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < 100_000; i++) {
                        out.write(("{\"i\": " + i + "},").getBytes(StandardCharsets.UTF_8));
                    }
                    throw new dev.featurestore.error.DataException("Cannot read group 'g': a part file is corrupt");
                }))
                .post("/echo", call -> ApiResponse.json(200, new String(call.request().body(), StandardCharsets.UTF_8)));
    }

    private LocalServer start(String host, Optional<String> token) {
        LocalServer s = LocalServer.start(router(), host, 0, token, log);
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(LocalServer::close);
    }

    private HttpResponse<byte[]> get(LocalServer s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends raw bytes and reads what comes back until the server closes or {@code seconds} pass. */
    private static String raw(LocalServer s, String request, int seconds) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(seconds * 1000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (answer.indexOf("\r\n\r\n") > 0 && answer.indexOf("}") > 0) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                answer.append("<timed out>");
            }
            return answer.toString();
        }
    }

    /** The line is written once the answer is out, so possibly just after the client read it. */
    private static void awaitLines(List<String> lines, int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (lines.size() < n && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void failureAfterTheAnswerBegan_abortsTheResponse_andIsLoggedAtError() {
        LocalServer s = start("127.0.0.1", Optional.empty());

        assertThatThrownBy(() -> get(s, "/rows")).isInstanceOf(IOException.class);
        awaitLines(errors, 1);
        assertThat(errors).singleElement().asString()
                .startsWith("request method=GET path=/rows org=- status=200 rows=- ms=")
                .contains("aborted: the answer failed after it began: ")
                .contains("a part file is corrupt");
    }

    @Test
    void everyRequest_isOneInfoLine_withMethodPathOrgStatusRowsAndTime() throws Exception {
        LocalServer s = start("127.0.0.1", Optional.empty());

        get(s, "/ok");
        get(s, "/nope");
        awaitLines(info, 2);

        assertThat(info).hasSize(2);
        assertThat(info.get(0)).matches("request method=GET path=/ok org=acme status=200 rows=- ms=\\d+");
        assertThat(info.get(1)).matches("request method=GET path=/nope org=- status=404 rows=- ms=\\d+");
    }

    @Test
    void slowClients_doNotStallTheOthers() throws Exception {
        LocalServer s = start("127.0.0.1", Optional.empty());
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket("127.0.0.1", s.port());
                socket.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }

            HttpResponse<byte[]> r = get(s, "/ok");

            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void hugeDeclaredBody_is413AtOnce_withoutReadingIt() throws IOException {
        LocalServer s = start("127.0.0.1", Optional.empty());

        String answer = raw(s, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000000000000\r\n\r\n{\"a\": ", 5);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("payload_too_large").doesNotContain("<timed out>");
    }

    @Test
    void bodyOfAnotherType_is415() throws Exception {
        LocalServer s = start("127.0.0.1", Optional.empty());

        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/echo"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void foreignHostHeader_is403_withoutAToken() throws IOException {
        LocalServer s = start("127.0.0.1", Optional.empty());

        String answer = raw(s, "GET /ok HTTP/1.1\r\nHost: attacker.example:8765\r\nConnection: close\r\n\r\n", 5);

        assertThat(answer).startsWith("HTTP/1.1 403").contains("Cannot answer a request for host 'attacker.example:8765'");
        assertThat(raw(s, "GET /ok HTTP/1.1\r\nHost: localhost:8765\r\nConnection: close\r\n\r\n", 5)).startsWith("HTTP/1.1 200");
        assertThat(raw(s, "GET /ok HTTP/1.1\r\nHost: [::1]:8765\r\nConnection: close\r\n\r\n", 5)).startsWith("HTTP/1.1 200");
    }

    @Test
    void loopbackHostHeaders_areRecognized() {
        assertThat(LocalServer.isLoopbackHostHeader("127.0.0.1:8765")).isTrue();
        assertThat(LocalServer.isLoopbackHostHeader("LOCALHOST")).isTrue();
        assertThat(LocalServer.isLoopbackHostHeader("[::1]")).isTrue();
        assertThat(LocalServer.isLoopbackHostHeader("localhost.attacker.example")).isFalse();
        assertThat(LocalServer.isLoopbackHostHeader("127.0.0.1.nip.io")).isFalse();
        assertThat(LocalServer.isLoopbackHostHeader("localhost:80@evil")).isFalse();
        assertThat(LocalServer.isLoopbackHostHeader("")).isFalse();
        assertThat(LocalServer.isLoopbackHostHeader("[::1]x")).isFalse();
    }

    @Test
    void bindingBeyondLoopback_withoutAToken_isRefused() {
        assertThatThrownBy(() -> start("0.0.0.0", Optional.empty())).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot serve on 0.0.0.0 without a token: anyone who can reach it could read every org");
    }

    @Test
    void withAToken_everyRequestMustCarryIt() throws Exception {
        LocalServer s = start("0.0.0.0", Optional.of("s3cret"));
        String url = "http://127.0.0.1:" + s.port();

        HttpResponse<byte[]> none = http.send(HttpRequest.newBuilder(URI.create(url + "/ok")).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> wrong = http.send(HttpRequest.newBuilder(URI.create(url + "/ok")).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> right = http.send(HttpRequest.newBuilder(URI.create(url + "/ok")).header("Authorization", "Bearer s3cret").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(new String(none.body(), StandardCharsets.UTF_8)).contains("\"error\":\"unauthorized\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
    }
}

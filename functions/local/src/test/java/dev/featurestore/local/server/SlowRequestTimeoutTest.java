package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.api.ApiResponse;
import dev.featurestore.api.RequestLog;
import dev.featurestore.api.Router;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * serve cuts off a client that does not finish its request in time. The JDK server reads its timeout once per
 * process, so each case runs a server in a JVM of its own ({@link #main}).
 */
class SlowRequestTimeoutTest {

    /** Starts a server with a trivial route, prints its port and the request timeout, and waits. */
    public static void main(String[] args) throws InterruptedException {
        LocalServer server = LocalServer.start(new Router().get("/ok", call -> ApiResponse.json(200, "{}")), "127.0.0.1", 0,
                Optional.empty(), new RequestLog(line -> { }, (line, cause) -> { }));
        System.out.println(server.port() + " " + System.getProperty("sun.net.httpserver.maxReqTime"));
        System.out.flush();
        Thread.sleep(60_000);
    }

    private static Process serve(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SlowRequestTimeoutTest.class.getName()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String[] firstLine(Process p) throws IOException {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine().split(" ");
    }

    @Test
    void serve_setsARequestTimeout_unlessOneIsGiven() throws Exception {
        Process p = serve();
        try {
            assertThat(firstLine(p)[1]).isEqualTo(Long.toString(LocalServer.REQUEST_SECONDS));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatNeverFinishesItsRequest_isCutOff() throws Exception {
        Process p = serve("-Dsun.net.httpserver.maxReqTime=1");
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(firstLine(p)[0]))) {
            socket.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a stalled request open for 10 s", e);
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).as("closed without an answer").isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(8.0);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

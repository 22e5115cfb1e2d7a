package com.opportunityengine.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark's HTTP client against a bare socket: what goes over the wire, and in how many pieces. */
class BenchHttpTest {

    private static final String BODY = "{\"stage\": \"needs-confirmed\"}";

    @Test
    void aCommandsHeadAndBodyGoOutInOneWriteOnOneKeptAliveConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> firstReads = CompletableFuture.supplyAsync(() -> serveTwice(server));
            URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
            try (BenchHttp http = new BenchHttp(base::resolve, () -> "Bearer oe_test")) {
                assertThat(http.post("/api/opportunities/1/stage", BODY)).isEqualTo(new BenchHttp.Reply(200, "{}"));
                assertThat(http.post("/api/opportunities/1/stage", BODY)).isEqualTo(new BenchHttp.Reply(200, "{}"));
            }
            // each request, head and body, arrived whole in the server's first read (the JDK's java.net.http
            // client writes the head and the body separately, so a server often reads the head alone)
            List<String> reads = firstReads.get(10, TimeUnit.SECONDS);
            assertThat(reads)
                    .hasSize(2)
                    .allSatisfy(read -> assertThat(read)
                            .startsWith("POST /api/opportunities/1/stage HTTP/1.1\r\n")
                            .contains("Authorization: Bearer oe_test\r\n", "Content-Length: " + BODY.length() + "\r\n")
                            .endsWith("\r\n\r\n" + BODY));
        }
    }

    /** Accepts one connection and answers two requests on it; the bytes of the first read of each. */
    private static List<String> serveTwice(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            List<String> reads = new ArrayList<>();
            byte[] buffer = new byte[65536];
            for (int request = 0; request < 2; request++) {
                int read = in.read(buffer);
                reads.add(new String(Arrays.copyOf(buffer, Math.max(read, 0)), StandardCharsets.US_ASCII));
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return reads;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

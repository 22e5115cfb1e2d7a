package com.opportunityengine.engine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The benchmark's HTTP client: Apache HttpClient 5, classic (blocking) API, HTTP/1.1 over kept-alive
 * pooled connections, one connection per client thread. It sends a request's head and body in one
 * write and reads the answer on the calling thread. The JDK's {@code java.net.http} client, which the
 * benchmark used before, writes head and body separately (the server then often waits for the body)
 * and hands every answer over between its selector and worker threads: about twice the time slices per
 * request, and at 4 clients 0.4 to 0.8 ms more CPU per command on this machine's two shared cores
 * (docs/benchmark.md, "HTTP against the gateway").
 */
final class BenchHttp implements AutoCloseable {

    /** A status and the body as text. */
    record Reply(int status, String body) {}

    private final Function<String, URI> uri;
    private final Supplier<String> authorization;
    private final CloseableHttpClient client;

    BenchHttp(EngineUnderTest engine) {
        this(engine::uri, engine::authorization);
    }

    /** {@code uri} makes a path absolute; {@code authorization} is the value of the Authorization header. */
    BenchHttp(Function<String, URI> uri, Supplier<String> authorization) {
        this.uri = uri;
        this.authorization = authorization;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(32)
                        .setMaxConnTotal(32)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(60))
                                // the engine closes idle connections after 20 s: check one idle for a second first
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(60))
                        .build())
                // a command is never sent twice behind the benchmark's back
                .disableAutomaticRetries()
                .build();
    }

    Reply get(String path) throws IOException {
        return send(new HttpGet(uri.apply(path)));
    }

    Reply post(String path, String json) throws IOException {
        return post(path, json, null);
    }

    /** A POST with an {@code Idempotency-Key} (none when null): a resend with the same key runs the command once. */
    Reply post(String path, String json, String idempotencyKey) throws IOException {
        HttpPost post = new HttpPost(uri.apply(path));
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        if (idempotencyKey != null) {
            post.setHeader("Idempotency-Key", idempotencyKey);
        }
        return send(post);
    }

    private Reply send(HttpUriRequestBase request) throws IOException {
        request.setHeader("Authorization", authorization.get());
        return client.execute(
                request,
                response -> new Reply(
                        response.getCode(),
                        response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ridewire.local.testing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client (java.net.http) for the local stack's REST API, with bearer tokens and JSON bodies. */
public final class RestClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final JsonMapper json;

    public RestClient(URI base, JsonMapper json) {
        this.base = base;
        this.json = json;
    }

    /** A response: status, the parsed JSON body (null when empty) and the headers. */
    public record Response(int status, JsonNode body, String raw, HttpHeaders headers) {
        public Response(int status, JsonNode body, String raw) {
            this(status, body, raw, HttpHeaders.of(java.util.Map.of(), (name, value) -> true));
        }

        public String text(String path) {
            return WsClient.text(body, path);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response post(String path, String token, String body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)));
    }

    /** A POST carrying an {@code Idempotency-Key}. */
    public Response post(String path, String token, String body, String idempotencyKey) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? null : json.readValue(raw, JsonNode.class);
            return new Response(response.statusCode(), body, raw, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

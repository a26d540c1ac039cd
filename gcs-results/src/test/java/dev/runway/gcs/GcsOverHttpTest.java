package dev.runway.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real HTTP client, found through the store URI, pointed at a local endpoint that answers the few JSON API
 * calls a result needs (a resumable upload, a metadata lookup, a media download): what it asks and how.
 */
class GcsOverHttpTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

    private volatile byte[] stored;
    private volatile String storedName;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void writesAndReadsThroughTheEndpointInTheUriWithoutCredentials() throws IOException {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        ResultStore store = ResultStores.open(URI.create("gs://runway-results/prod?endpoint=" + endpoint));
        UUID run = UUID.randomUUID();

        String ref = store.write(run, 1, out -> out.write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));

        assertThat(ref).isEqualTo("gs://runway-results/prod/" + run + "/1.json");
        assertThat(storedName).isEqualTo("prod/" + run + "/1.json");
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        try (InputStream in = store.read(ref).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(stored);
        }
        assertThat(store.read("gs://runway-results/prod/" + UUID.randomUUID() + "/1.json")).isEmpty();
        assertThat(requests).allSatisfy(request -> assertThat(request).doesNotContain("authorization"))
                .anySatisfy(request -> assertThat(request).startsWith("POST /upload/storage/v1/b/runway-results/o")
                        .contains("uploadType=resumable"));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        requests.add(method + " " + uri + " " + exchange.getRequestHeaders().keySet().toString().toLowerCase());
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = uri.getPath();
        if (method.equals("POST") && path.equals("/upload/storage/v1/b/runway-results/o")) {
            Matcher name = NAME.matcher(new String(body, StandardCharsets.UTF_8));
            storedName = name.find() ? name.group(1) : null;
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/upload/storage/v1/b/runway-results/o?uploadType=resumable&upload_id=1");
            reply(exchange, 200, "application/json", "");
        } else if (method.equals("PUT") && path.equals("/upload/storage/v1/b/runway-results/o")) {
            stored = body;
            reply(exchange, 200, "application/json", metadata());
        } else if (method.equals("GET") && stored != null && path.equals("/storage/v1/b/runway-results/o/" + storedName)) {
            reply(exchange, 200, "application/json", metadata());
        } else if (method.equals("GET") && stored != null
                && path.equals("/download/storage/v1/b/runway-results/o/" + storedName)) {
            reply(exchange, 200, "application/json", new String(stored, StandardCharsets.UTF_8));
        } else {
            reply(exchange, 404, "application/json", "{\"error\":{\"code\":404,\"message\":\"No such object\"}}");
        }
    }

    private String metadata() {
        return "{\"bucket\":\"runway-results\",\"name\":\"" + storedName + "\",\"generation\":\"1\","
                + "\"contentType\":\"application/json\",\"size\":\"" + stored.length + "\"}";
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

package dev.runway.gcs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few calls of Cloud Storage's JSON API that a result needs, on a local HTTP port, for the real client to talk
 * to (through a store URI's {@code ?endpoint=}, from this process or a runner's): resumable uploads (in one request
 * or in chunks), object metadata and media downloads. Objects are kept in memory by bucket and name.
 */
public final class GcsHttpFake implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
    private static final Pattern OBJECT = Pattern.compile("/(?:download/)?storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong uploadIds = new AtomicLong();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private record Upload(String key, ByteArrayOutputStream received) {
    }

    public GcsHttpFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}, for {@code gs://bucket/prefix?endpoint=…}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Each request as {@code METHOD uri [header names]}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public Optional<byte[]> object(String bucket, String name) {
        return Optional.ofNullable(objects.get(bucket + "/" + name));
    }

    /** Stores an object as something other than the client would. */
    public void put(String bucket, String name, byte[] content) {
        objects.put(bucket + "/" + name, content.clone());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        requests.add(method + " " + uri + " " + exchange.getRequestHeaders().keySet().toString().toLowerCase());
        byte[] body = exchange.getRequestBody().readAllBytes();
        Matcher upload = UPLOAD.matcher(uri.getPath());
        Matcher object = OBJECT.matcher(uri.getPath());
        if (upload.matches() && method.equals("POST")) {
            Matcher name = NAME.matcher(new String(body, StandardCharsets.UTF_8));
            String id = Long.toString(uploadIds.incrementAndGet());
            uploads.put(id, new Upload(upload.group(1) + "/" + (name.find() ? name.group(1) : ""),
                    new ByteArrayOutputStream()));
            exchange.getResponseHeaders().add("Location", endpoint() + uri.getPath()
                    + "?uploadType=resumable&upload_id=" + id);
            reply(exchange, 200, "");
        } else if (upload.matches() && method.equals("PUT")) {
            receive(exchange, body, query(uri, "upload_id"));
        } else if (object.matches() && method.equals("GET")) {
            String key = object.group(1) + "/" + URLDecoder.decode(object.group(2), StandardCharsets.UTF_8);
            byte[] stored = objects.get(key);
            if (stored == null) {
                reply(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"No such object: " + key + "\"}}");
            } else if (uri.getPath().startsWith("/download/") || "media".equals(query(uri, "alt"))) {
                reply(exchange, 200, new String(stored, StandardCharsets.UTF_8));
            } else {
                reply(exchange, 200, metadata(key, stored));
            }
        } else {
            reply(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"not served by this fake\"}}");
        }
    }

    /** One request of a resumable upload: the whole object, or a chunk whose Content-Range says if it is the last. */
    private void receive(HttpExchange exchange, byte[] body, String id) throws IOException {
        Upload upload = id == null ? null : uploads.get(id);
        if (upload == null) {
            reply(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"no such upload\"}}");
            return;
        }
        upload.received().write(body);
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        Matcher parts = range == null ? null : RANGE.matcher(range);
        boolean last = parts == null || (parts.matches() && !parts.group(3).equals("*"));
        if (!last) {
            exchange.getResponseHeaders().add("Range", "bytes=0-" + (upload.received().size() - 1));
            reply(exchange, 308, "");
            return;
        }
        byte[] stored = upload.received().toByteArray();
        objects.put(upload.key(), stored);
        uploads.remove(id);
        reply(exchange, 200, metadata(upload.key(), stored));
    }

    private static String metadata(String key, byte[] stored) {
        int slash = key.indexOf('/');
        return "{\"bucket\":\"" + key.substring(0, slash) + "\",\"name\":\"" + key.substring(slash + 1)
                + "\",\"generation\":\"1\",\"contentType\":\"application/json\",\"size\":\"" + stored.length + "\"}";
    }

    private static String query(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

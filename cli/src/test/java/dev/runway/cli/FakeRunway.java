package dev.runway.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** A stand-in control plane on a free port: answers per route as a test sets it up and records every request. */
final class FakeRunway implements AutoCloseable {

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst().orElse(null);
        }

        JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    record Answer(int status, String contentType, String body, Map<String, String> headers) {

        static Answer json(int status, Object body) {
            String text = body instanceof String string ? string : Json.mapper().writeValueAsString(body);
            return new Answer(status, "application/json", text, Map.of());
        }

        static Answer problem(int status, String title, String detail, Map<String, String> fieldErrors) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", detail);
            problem.put("errors", fieldErrors.entrySet().stream()
                    .map(error -> Map.of("field", error.getKey(), "message", error.getValue())).toList());
            return new Answer(status, "application/problem+json", Json.mapper().writeValueAsString(problem), Map.of());
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, more);
        }
    }

    interface Route {
        Answer answer(Request request);
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeRunway(HttpServer server) {
        this.server = server;
    }

    static FakeRunway start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeRunway fake = new FakeRunway(server);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** @param path without the query; a route answers every query on that path */
    FakeRunway on(String method, String path, Route route) {
        routes.put(method + " " + path, route);
        return this;
    }

    FakeRunway on(String method, String path, Answer answer) {
        return on(method, path, request -> answer);
    }

    List<Request> requests() {
        return requests;
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    Request last(String method, String path) {
        return requests(method, path).getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        Route route = routes.get(request.method() + " " + request.path());
        Answer answer = route != null ? route.answer(request)
                : Answer.problem(404, "Not Found", "no route " + request.method() + " " + request.path(), Map.of());
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.runway.controlplane.problem;

import dev.runway.model.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The one shape of every refusal (RFC 9457 problem+json), whoever answers: a controller, a servlet filter
 * (authentication, the body limit) or the servlet container itself.
 */
public final class Problems {

    private static final String TYPES = "https://runway.dev/problems/";

    private Problems() {
    }

    /** A problem of Runway's own {@code type} (a short slug such as {@code invalid-input}). */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }

    /** A problem naming each field at fault, as {@code errors: [{field, message}]}. */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail,
                                   List<InvalidInputException.FieldError> errors) {
        ProblemDetail problem = of(status, type, title, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** What the control plane answers with only a status to go by, e.g. when the container refuses a request. */
    public static ProblemDetail forStatus(int status) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setDetail(detailFor(status));
        return problem;
    }

    /** Answers with the problem outside Spring MVC (servlet filters); its instance is the request's path. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json(problem).getBytes(StandardCharsets.UTF_8));
    }

    /** A request's path as a problem's {@code instance}; null when there is none or it is what was malformed. */
    public static URI instance(String path) {
        try {
            return path == null ? null : new URI(path);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The JSON text of a problem, its extra properties beside the standard members as Spring MVC writes them. */
    public static String json(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return Json.mapper().writeValueAsString(members);
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP: check its request line, the percent-encoding of its URL, "
                    + "its Host header and the size of its headers";
            case 404 -> "there is no such endpoint; docs/api.md lists them";
            case 405 -> "this endpoint does not accept this method; the Allow header lists those it does";
            case 408 -> "the request was not received in time";
            case 411 -> "the request needs a Content-Length or chunked transfer encoding";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 415 -> "the request's content type is not supported; send application/json";
            case 431 -> "the request's headers are too large";
            case 501 -> "the request uses a feature of HTTP the control plane does not implement, "
                    + "such as an unknown transfer encoding";
            case 505 -> "this HTTP version is not supported; use HTTP/1.1";
            default -> status >= 500 ? "the control plane failed; its log has the details"
                    : "the request was refused (" + status + ")";
        };
    }
}

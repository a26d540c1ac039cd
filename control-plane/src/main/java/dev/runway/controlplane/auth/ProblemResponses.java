package dev.runway.controlplane.auth;

import dev.runway.model.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.firewall.RequestRejectedException;

/** The refusals of the security layer, as RFC 9457 problem+json like the API's other errors. */
final class ProblemResponses {

    private static final String TYPES = "https://runway.dev/problems/";

    void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        if (e instanceof BadCredentialsException) {
            write(request, response, 401, "invalid-credentials", "Invalid credentials", e.getMessage());
        } else {
            write(request, response, 401, "unauthenticated", "Authentication required",
                    "send 'Authorization: Bearer <API key>'; the local admin key is in .runway/api-key");
        }
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        boolean runner = SecurityContextHolder.getContext().getAuthentication() != null
                && SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof RunGrant;
        write(request, response, 403, "forbidden", "Forbidden", runner
                ? "a run token only gives access to its own run under /api/runner/flow-runs/<its run id>"
                : "nothing is served at this path");
    }

    void rejected(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(request, response, 400, "rejected-request", "Bad request",
                e.getMessage() + "; send the path in its plain form, without ';', encoded '/', '\\', '.' or '%',"
                        + " '//', or '.' and '..' segments");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
                              String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPES + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(problem));
    }
}

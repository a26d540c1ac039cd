package dev.runway.controlplane.auth;

import dev.runway.model.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer authentication for the API and actuator, except health. The admin key opens everything;
 * a run token opens only {@code /api/runner/flow-runs/<its run>/…}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AuthFilter extends OncePerRequestFilter {

    /** Request attribute holding the {@link RunGrant} of a runner; absent for the admin key. */
    public static final String GRANT = "runway.grant";
    private static final String RUNNER_PATH = "/api/runner/flow-runs/";

    private final ApiKeys apiKeys;
    private final RunTokens runTokens;

    public AuthFilter(ApiKeys apiKeys, RunTokens runTokens) {
        this.apiKeys = apiKeys;
        this.runTokens = runTokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean protectedPath = path.startsWith("/api/") || path.startsWith("/actuator");
        return !protectedPath || path.equals("/api/health") || path.startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            deny(response, request, 401, "Authentication required",
                    "send 'Authorization: Bearer <API key>'; the local admin key is in .runway/api-key");
            return;
        }
        String credential = header.substring(7).strip();
        if (apiKeys.isAdmin(credential)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<RunGrant> grant = runTokens.verify(credential);
        if (grant.isEmpty()) {
            deny(response, request, 401, "Invalid credentials", "the API key or run token is not valid");
            return;
        }
        if (!request.getRequestURI().startsWith(RUNNER_PATH + grant.get().runId())) {
            deny(response, request, 403, "Forbidden", "a run token only gives access to its own run");
            return;
        }
        request.setAttribute(GRANT, grant.get());
        chain.doFilter(request, response);
    }

    private static void deny(HttpServletResponse response, HttpServletRequest request, int status, String title,
                             String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(problem));
    }
}

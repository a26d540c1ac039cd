package dev.runway.controlplane.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Recognises {@code Authorization: Bearer <credential>}: the admin API key (role ADMIN) or a run token
 * (role RUNNER, its {@link RunGrant} as principal). A request without one goes on anonymous, and the
 * route table decides whether that is enough; a credential that is neither is refused at once.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    static final String ADMIN = "ADMIN";
    static final String RUNNER = "RUNNER";
    private static final String BEARER = "Bearer ";

    private final ApiKeys apiKeys;
    private final RunTokens runTokens;
    private final AuthenticationEntryPoint refuse;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(ApiKeys apiKeys, RunTokens runTokens, AuthenticationEntryPoint refuse) {
        this.apiKeys = apiKeys;
        this.runTokens = runTokens;
        this.refuse = refuse;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Authentication> authentication = authenticate(header.substring(BEARER.length()).strip());
        if (authentication.isEmpty()) {
            refuse.commence(request, response, new BadCredentialsException("the API key or run token is not valid"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication.get());
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private Optional<Authentication> authenticate(String credential) {
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        if (apiKeys.isAdmin(credential)) {
            return Optional.of(UsernamePasswordAuthenticationToken.authenticated("admin", null,
                    AuthorityUtils.createAuthorityList("ROLE_" + ADMIN)));
        }
        return runTokens.verify(credential).map(grant -> UsernamePasswordAuthenticationToken.authenticated(grant, null,
                AuthorityUtils.createAuthorityList("ROLE_" + RUNNER)));
    }
}

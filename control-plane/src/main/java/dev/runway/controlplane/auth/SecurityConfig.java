package dev.runway.controlplane.auth;

import jakarta.servlet.DispatcherType;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what, in one table that Spring Security matches on the same parsed path Spring MVC
 * routes. Paths that could be read two ways ({@code ;}, encoded {@code / \ . %}, {@code //},
 * {@code .} and {@code ..} segments) never get that far: the default {@code StrictHttpFirewall}
 * refuses them with 400. Bearer tokens only: no sessions, cookies, CSRF tokens or login pages.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    @Bean
    SecurityFilterChain routes(HttpSecurity http, ApiKeys apiKeys, RunTokens runTokens) {
        ProblemResponses problems = new ProblemResponses();
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problems::unauthenticated)
                        .accessDeniedHandler(problems::forbidden))
                .addFilterBefore(new BearerTokenFilter(apiKeys, runTokens, problems::unauthenticated),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(routes -> routes
                        // an error page rendered for a request that was already let in
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/health", "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/api/runner/flow-runs/{id}", "/api/runner/flow-runs/{id}/**")
                        .access(AuthorizationManagers.anyOf(AuthorityAuthorizationManager.hasRole(BearerTokenFilter.ADMIN),
                                new OwnRun()))
                        .requestMatchers("/api/**", "/actuator/**").hasRole(BearerTokenFilter.ADMIN)
                        .anyRequest().denyAll());
        return http.build();
    }

    /**
     * Webhook deliveries ({@code /hooks/**}) prove themselves by their webhook's signature, which its controller checks
     * on the raw body. No bearer token is read on these paths: the admin key cannot stand in for a signature, and a
     * sender's own {@code Authorization} header is not taken for a Runway credential. Matched first, on the path
     * Spring MVC routes; the firewall refuses paths that could be read two ways before either chain is chosen.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain webhookDeliveries(HttpSecurity http) {
        ProblemResponses problems = new ProblemResponses();
        http.securityMatcher("/hooks/**")
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problems::unauthenticated)
                        .accessDeniedHandler(problems::forbidden))
                .authorizeHttpRequests(routes -> routes.anyRequest().permitAll());
        return http.build();
    }

    /** Refusals of the firewall as problem+json, like every other error of the API. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemResponses()::rejected;
    }

    /**
     * Tomcat refuses an encoded {@code /} or {@code \} itself, with an HTML page; passed through
     * undecoded, they reach the firewall, which refuses them as problem+json.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        });
    }
}

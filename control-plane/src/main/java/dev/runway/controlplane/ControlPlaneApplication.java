package dev.runway.controlplane;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStores;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The Runway control plane: API, orchestration, dispatch, launch and crash detection in one process. */
// no users or passwords: callers present the API key or a run token (auth.SecurityConfig)
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(RunwayProperties.class)
public class ControlPlaneApplication {

    public static void main(String[] args) {
        SpringApplication.run(ControlPlaneApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ResultStore resultStore(RunwayProperties properties) {
        try {
            return ResultStores.open(properties.resultStore());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("runway.results.store: " + e.getMessage(), e);
        }
    }
}

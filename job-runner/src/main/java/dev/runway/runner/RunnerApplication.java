package dev.runway.runner;

import dev.runway.model.json.Json;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runner: {@link RunnerCommand} says what it does. Its Spring context holds only the flows, found by
 * scanning {@code runway.flows.packages} (comma-separated; by default the packages of the classes beside
 * {@code deployments.yaml}, see {@link FlowPackages}, or {@code dev.runway} when there is none), and Spring Cloud
 * Function's catalog; the runtime itself is plain Java around it, so the context stays small and quick
 * to start.
 */
@SpringBootApplication(scanBasePackages = "${" + FlowPackages.PROPERTY + ":" + FlowPackages.FALLBACK + "}",
        proxyBeanMethods = false)
public class RunnerApplication {

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.out, System.err));
    }

    /** Does what {@code java -jar runway-runner.jar args} does, in this JVM, and returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        // Asked only once the claim is sent: loading java.management takes a few dozen milliseconds.
        Supplier<Instant> jvmStart = () -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return new RunnerCommand(RunnerApplication::startFlows, Clock.systemUTC(), jvmStart).execute(args, env, out, err);
    }

    /** Spring Cloud Function builds its converters from this: flows see the same JSON mapping as the wire. */
    @Bean
    JsonMapper objectMapper() {
        return Json.mapper();
    }

    static ConfigurableApplicationContext startFlows(String[] args) {
        SpringApplicationBuilder flows = new SpringApplicationBuilder(RunnerApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF);
        List<String> packages = FlowPackages.besideDeployments(RunnerApplication.class.getClassLoader());
        if (!packages.isEmpty()) {
            // A default: runway.flows.packages given on the command line or in the environment still wins.
            flows.properties(Map.of(FlowPackages.PROPERTY, String.join(",", packages)));
        }
        return flows.run(args);
    }
}

package dev.runway.runner;

import dev.runway.model.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flows' Spring context: the beans of {@code runway.flows.packages} (comma-separated; by default the packages of
 * the classes beside {@code deployments.yaml}, see {@link FlowPackages}, or {@code dev.runway} when there is none) and
 * a {@link JsonMapper} with the wire's settings, so flows see the same JSON mapping. A plain Spring context, not a
 * Spring Boot application: no auto-configuration to evaluate, no logging system to set up again, which was most of a
 * runner's start. Properties come from {@code --name=value} arguments, system properties and the environment.
 */
final class FlowContext {

    private FlowContext() {
    }

    /** Starts the context; the catalog it returns closes it. */
    static FlowCatalog start(String[] args) {
        return start(args, context -> { });
    }

    /** Starts the context with {@code more} beans than the flows' own. */
    static FlowCatalog start(String[] args, Consumer<GenericApplicationContext> more) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        String packages = context.getEnvironment().getProperty(FlowPackages.PROPERTY);
        if (packages == null) {
            List<String> beside = FlowPackages.besideDeployments(FlowContext.class.getClassLoader());
            packages = beside.isEmpty() ? FlowPackages.FALLBACK : String.join(",", beside);
        }
        context.registerBean("objectMapper", JsonMapper.class, Json::mapper);
        more.accept(context);
        context.scan(Arrays.stream(packages.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toArray(String[]::new));
        try {
            context.refresh();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return new FlowCatalog(context, packages);
    }
}

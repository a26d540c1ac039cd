package dev.runway.runner;

import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flows' Spring context: the beans of {@code runway.flows.packages} (comma-separated; by default the packages of
 * the classes beside {@code deployments.yaml}, see {@link FlowPackages}, or {@code dev.runway} when there is none) and
 * a {@link JsonMapper} with the wire's settings, so flows see the same JSON mapping. A plain Spring context, not a
 * Spring Boot application: no auto-configuration to evaluate, no logging system to set up again, which was most of a
 * runner's start. Properties come from {@code --name=value} arguments, system properties and the environment.
 *
 * <p>When the build generated the context's bean definitions ahead of time ({@link FlowContextGenerator}, as the
 * runner jar's build does), they are registered as they are, with no scanning, no parsing of configuration classes
 * and no reflection on the flows; otherwise, or when {@code runway.flows.packages} names other packages than those
 * they were generated from, the packages are scanned.
 */
final class FlowContext {

    /** What the build generated: {@code initializer}, the class that registers the beans, and {@code packages}. */
    static final String GENERATED = "META-INF/runway/flow-context.properties";

    private FlowContext() {
    }

    /** Starts the context; the catalog it returns closes it. */
    static FlowCatalog start(String[] args) {
        return start(args, context -> { });
    }

    /** Starts the context with {@code more} beans than the flows' own. */
    static FlowCatalog start(String[] args, Consumer<GenericApplicationContext> more) {
        return start(args, more, FlowContext.class.getClassLoader());
    }

    /** @param loader where the flows and the generated context, if any, are */
    static FlowCatalog start(String[] args, Consumer<GenericApplicationContext> more, ClassLoader loader) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        String given = environment.getProperty(FlowPackages.PROPERTY);
        Optional<Generated> generated = Generated.find(loader)
                .filter(ahead -> given == null || ahead.packages().equals(packages(given)));
        GenericApplicationContext context;
        List<String> packages;
        if (generated.isPresent()) {
            packages = generated.get().packages();
            context = new GenericApplicationContext();
            context.setClassLoader(loader);
            context.setEnvironment(environment);
            generated.get().initializer(loader).initialize(context);
        } else {
            packages = given != null ? packages(given) : besideDeployments(loader);
            context = scanning(packages);
            context.setClassLoader(loader);
            context.setEnvironment(environment);
        }
        more.accept(context);
        try {
            context.refresh();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return new FlowCatalog(context, String.join(",", packages), generated.isPresent());
    }

    /** The context before it starts: the JSON mapper and the flows of {@code packages}, found by scanning them. */
    static AnnotationConfigApplicationContext scanning(List<String> packages) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        // a factory method rather than a supplier, so that generating the context ahead of time keeps it
        RootBeanDefinition json = new RootBeanDefinition(Json.class);
        json.setFactoryMethodName("mapper");
        context.registerBeanDefinition("objectMapper", json);
        context.scan(packages.toArray(String[]::new));
        return context;
    }

    static List<String> besideDeployments(ClassLoader loader) {
        List<String> beside = FlowPackages.besideDeployments(loader);
        return beside.isEmpty() ? List.of(FlowPackages.FALLBACK) : beside;
    }

    private static List<String> packages(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** The context as the build generated it. */
    record Generated(String initializer, List<String> packages) {

        static Optional<Generated> find(ClassLoader loader) {
            try (InputStream in = loader.getResourceAsStream(GENERATED)) {
                if (in == null) {
                    return Optional.empty();
                }
                Properties generated = new Properties();
                generated.load(in);
                return Optional.of(new Generated(generated.getProperty("initializer"),
                        FlowContext.packages(generated.getProperty("packages", ""))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + GENERATED, e);
            }
        }

        @SuppressWarnings("unchecked")
        ApplicationContextInitializer<GenericApplicationContext> initializer(ClassLoader loader) {
            try {
                return (ApplicationContextInitializer<GenericApplicationContext>) Class.forName(initializer, true, loader)
                        .getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                     | InvocationTargetException e) {
                throw new IllegalStateException(GENERATED + " names " + initializer + ", which cannot be created: " + e, e);
            }
        }
    }
}

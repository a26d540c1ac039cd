package dev.runway.runner;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ApplicationContext;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.context.config.RoutingFunction;

/** The flows this runner carries: the Spring Cloud Function beans of its context, by bean name. */
final class FlowCatalog {

    private final FunctionCatalog functions;
    private final String packages;

    /** @param packages where the flows were looked for, to tell a user who misses one */
    FlowCatalog(FunctionCatalog functions, String packages) {
        this.functions = functions;
        this.packages = packages;
    }

    static FlowCatalog of(ApplicationContext flows) {
        return new FlowCatalog(flows.getBean(FunctionCatalog.class),
                flows.getEnvironment().getProperty(FlowPackages.PROPERTY, FlowPackages.FALLBACK));
    }

    /** The flow called exactly {@code name}; composition syntax ({@code a|b}) and Spring's router are not flows. */
    Optional<FlowInvoker> find(String name) {
        if (name == null || !names().contains(name)) {
            return Optional.empty();
        }
        FunctionInvocationWrapper function = functions.lookup(name);
        return Optional.ofNullable(function).map(f -> new FlowInvoker(name, f));
    }

    /** Why {@link #find} found nothing: which flows there are, and where they were looked for. */
    String notFound(String name) {
        return "no flow named '" + name + "' in this runner; it has " + names() + ", found in packages " + packages
                + " (the packages of the classes beside deployments.yaml, unless " + FlowPackages.PROPERTY + " names others)";
    }

    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(functions.getNames(null));
        names.remove(RoutingFunction.FUNCTION_NAME);
        return names;
    }
}

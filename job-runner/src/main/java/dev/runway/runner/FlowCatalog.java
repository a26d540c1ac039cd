package dev.runway.runner;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.context.config.RoutingFunction;

/** The flows this runner carries: the Spring Cloud Function beans of its context, by bean name. */
final class FlowCatalog {

    private final FunctionCatalog functions;

    FlowCatalog(FunctionCatalog functions) {
        this.functions = functions;
    }

    /** The flow called exactly {@code name}; composition syntax ({@code a|b}) and Spring's router are not flows. */
    Optional<FlowInvoker> find(String name) {
        if (name == null || !names().contains(name)) {
            return Optional.empty();
        }
        FunctionInvocationWrapper function = functions.lookup(name);
        return Optional.ofNullable(function).map(f -> new FlowInvoker(name, f));
    }

    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(functions.getNames(null));
        names.remove(RoutingFunction.FUNCTION_NAME);
        return names;
    }
}

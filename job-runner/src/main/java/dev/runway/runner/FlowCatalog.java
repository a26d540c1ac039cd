package dev.runway.runner;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * The flows this runner carries: the {@link Function}, {@link Supplier} and {@link Consumer} beans of its
 * {@link FlowContext}, by bean name, as Spring Cloud Function's catalog knows them. Closing it closes the context,
 * unless it is a {@link #shared()} view.
 */
final class FlowCatalog implements AutoCloseable {

    private static final Class<?>[] FLOW_TYPES = {Function.class, Supplier.class, Consumer.class};

    private final ConfigurableApplicationContext context;
    private final String packages;
    private final boolean generated;
    private final boolean closesContext;

    /**
     * @param packages  where the flows were looked for, to tell a user who misses one
     * @param generated whether the context was generated when the runner jar was built, rather than scanned now
     */
    FlowCatalog(ConfigurableApplicationContext context, String packages, boolean generated) {
        this(context, packages, generated, true);
    }

    private FlowCatalog(ConfigurableApplicationContext context, String packages, boolean generated, boolean closesContext) {
        this.context = context;
        this.packages = packages;
        this.generated = generated;
        this.closesContext = closesContext;
    }

    /** The same flows for one run of a warm runner, whose runs share the context: closing the view leaves it open. */
    FlowCatalog shared() {
        return new FlowCatalog(context, packages, generated, false);
    }

    /** The flow called exactly {@code name}. */
    Optional<FlowInvoker> find(String name) {
        if (name == null || !names().contains(name)) {
            return Optional.empty();
        }
        return Optional.of(new FlowInvoker(name, context.getBean(name), declaredType(name)));
    }

    /** Why {@link #find} found nothing: which flows there are, and where they were looked for. */
    String notFound(String name) {
        return "no flow named '" + name + "' in this runner; it has " + names() + ", found in packages " + packages
                + (generated ? " when the runner jar was built (a flow added since needs a new build)"
                : " (the packages of the classes beside deployments.yaml, unless " + FlowPackages.PROPERTY + " names others)");
    }

    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        for (Class<?> type : FLOW_TYPES) {
            names.addAll(List.of(context.getBeanNamesForType(type)));
        }
        return names;
    }

    /** The bean's type as declared, generics included: a {@code @Bean} method's return type, or the component's class. */
    private ResolvableType declaredType(String name) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        return beans.containsBeanDefinition(name) ? beans.getMergedBeanDefinition(name).getResolvableType()
                : ResolvableType.forClass(context.getType(name));
    }

    @Override
    public void close() {
        if (closesContext) {
            context.close();
        }
    }
}

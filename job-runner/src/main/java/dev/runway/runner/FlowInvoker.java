package dev.runway.runner;

import dev.runway.model.json.JacksonFieldPath;
import dev.runway.model.json.Json;
import dev.runway.model.schema.FieldError;
import dev.runway.model.schema.ParameterValidator;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.core.ResolvableType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * One flow, ready to call: turns a run's parameters into the function's input and calls it.
 * A {@code Supplier} takes no parameters; a {@code Consumer} returns nothing (its result is JSON null).
 */
final class FlowInvoker {

    /** Types a flow may not take or return: it is called once with its parameters and returns one value. */
    private static final List<String> STREAMING_TYPES = List.of("org.reactivestreams.Publisher",
            "org.springframework.messaging.Message");

    private final String name;
    private final Object function;
    /** The input type for a {@code Function} or {@code Consumer}; null for a {@code Supplier}. */
    private final ResolvableType input;

    /** @param declared the bean's declared type, whose generics give the input and output types */
    FlowInvoker(String name, Object function, ResolvableType declared) {
        // a bean registered without a type to go by (an instance supplier's Object) still has its class
        ResolvableType type = isFlowType(declared) ? declared : ResolvableType.forInstance(function);
        ResolvableType output;
        if (function instanceof Function<?, ?>) {
            input = type.as(Function.class).getGeneric(0);
            output = type.as(Function.class).getGeneric(1);
        } else if (function instanceof Consumer<?>) {
            input = type.as(Consumer.class).getGeneric(0);
            output = ResolvableType.NONE;
        } else {
            input = null;
            output = type.as(Supplier.class).getGeneric(0);
        }
        if (isStreaming(input) || isStreaming(output)) {
            throw new ConfigurationException("flow " + name
                    + " uses reactive types or messages; a flow takes a parameters object and returns a value");
        }
        this.name = name;
        this.function = function;
    }

    String name() {
        return name;
    }

    /** The JSON schema a run's parameters must match. */
    ObjectNode parameterSchema() {
        ObjectNode schema = input == null ? ParameterSchemas.of(NoParameters.class) : ParameterSchemas.of(inputType());
        if (!"object".equals(schema.path("type").asString())) {
            throw new ConfigurationException("flow " + name + " takes " + inputType().getTypeName()
                    + "; a flow takes its parameters as a record or bean");
        }
        return schema;
    }

    /** The function's input for these parameters, checked against the schema first so errors name the field. */
    Object bind(ObjectNode parameters) {
        ObjectNode given = parameters == null ? Json.mapper().createObjectNode() : parameters;
        List<FieldError> errors = new ParameterValidator(parameterSchema()).validate(given);
        if (!errors.isEmpty()) {
            throw new BadParametersException(errors);
        }
        if (input == null) {
            return null;
        }
        try {
            return Json.mapper().convertValue(given, Json.mapper().constructType(inputType()));
        } catch (JacksonException e) {
            throw new BadParametersException(List.of(new FieldError(JacksonFieldPath.of(e), e.getOriginalMessage())), e);
        }
    }

    /** Calls the flow on the current thread and returns what it returned. */
    @SuppressWarnings("unchecked")
    Object invoke(Object parameters) {
        return switch (function) {
            case Function<?, ?> f -> ((Function<Object, Object>) f).apply(parameters);
            case Consumer<?> c -> {
                ((Consumer<Object>) c).accept(parameters);
                yield null;
            }
            case Supplier<?> s -> s.get();
            default -> throw new IllegalStateException(name + " is not a Function, Consumer or Supplier");
        };
    }

    /** The input type as Java declares it where it can, so its generics ({@code List<Row>}) reach the JSON mapping. */
    private Type inputType() {
        Type declared = input.getType();
        return declared instanceof Class<?> || declared instanceof ParameterizedType ? declared : input.toClass();
    }

    private static boolean isFlowType(ResolvableType type) {
        return type.as(Function.class) != ResolvableType.NONE || type.as(Consumer.class) != ResolvableType.NONE
                || type.as(Supplier.class) != ResolvableType.NONE;
    }

    private static boolean isStreaming(ResolvableType type) {
        return type != null && type != ResolvableType.NONE
                && STREAMING_TYPES.stream().anyMatch(streaming -> isA(type.toClass(), streaming));
    }

    /** Whether {@code type} is or extends the class or interface named {@code name}, which may not be on the class path. */
    private static boolean isA(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name) || isA(type.getSuperclass(), name)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, name)) {
                return true;
            }
        }
        return false;
    }

    /** The input of a flow without parameters. */
    private record NoParameters() {
    }
}

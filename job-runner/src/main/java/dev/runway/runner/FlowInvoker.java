package dev.runway.runner;

import dev.runway.model.json.JacksonFieldPath;
import dev.runway.model.json.Json;
import dev.runway.model.schema.FieldError;
import dev.runway.model.schema.ParameterValidator;
import java.lang.reflect.Type;
import java.util.List;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * One flow, ready to call: turns a run's parameters into the function's input and calls it.
 * A {@code Supplier} takes no parameters; a {@code Consumer} returns nothing (its result is JSON null).
 */
final class FlowInvoker {

    private final String name;
    private final FunctionInvocationWrapper function;

    FlowInvoker(String name, FunctionInvocationWrapper function) {
        if (function.isInputTypePublisher() || function.isOutputTypePublisher()
                || function.isInputTypeMessage() || function.isOutputTypeMessage()) {
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
        ObjectNode schema = function.isSupplier() ? ParameterSchemas.of(NoParameters.class) : ParameterSchemas.of(inputType());
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
        if (function.isSupplier()) {
            return null;
        }
        try {
            return Json.mapper().convertValue(given, Json.mapper().constructType(inputType()));
        } catch (JacksonException e) {
            throw new BadParametersException(List.of(new FieldError(JacksonFieldPath.of(e), e.getOriginalMessage())), e);
        }
    }

    /** Calls the flow on the current thread and returns what it returned. */
    Object invoke(Object input) {
        if (function.isSupplier()) {
            return function.get();
        }
        if (function.isConsumer()) {
            function.accept(input);
            return null;
        }
        return function.apply(input);
    }

    private Type inputType() {
        return function.getInputType();
    }

    /** The input of a flow without parameters. */
    private record NoParameters() {
    }
}

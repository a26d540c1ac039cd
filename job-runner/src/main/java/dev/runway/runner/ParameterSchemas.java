package dev.runway.runner;

import dev.runway.model.json.Json;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives the JSON schema of a flow's parameters from its input type, in the subset that
 * {@link dev.runway.model.schema.ParameterValidator} checks.
 *
 * <p>Records and simple beans become objects that refuse unknown properties; a property is required when
 * its type is primitive (it has no "absent" value), optional otherwise. Maps, {@link JsonNode} and
 * {@code Object} take anything. A type that contains itself is described as an open object at the repeat.
 */
final class ParameterSchemas {

    private static final Set<Class<?>> INTEGERS = Set.of(byte.class, short.class, int.class, long.class,
            Byte.class, Short.class, Integer.class, Long.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(float.class, double.class, Float.class, Double.class,
            BigDecimal.class);

    private ParameterSchemas() {
    }

    static ObjectNode of(Type type) {
        return schema(type, new HashSet<>());
    }

    private static ObjectNode schema(Type type, Set<Class<?>> enclosing) {
        if (type instanceof WildcardType wildcard) {
            return schema(wildcard.getUpperBounds()[0], enclosing);
        }
        if (type instanceof TypeVariable<?>) {
            return typed("object");
        }
        if (type instanceof GenericArrayType array) {
            return array(schema(array.getGenericComponentType(), enclosing));
        }
        Class<?> raw = raw(type);
        if (raw == String.class || raw == char.class || raw == Character.class || raw == UUID.class
                || Temporal.class.isAssignableFrom(raw) || TemporalAmount.class.isAssignableFrom(raw)
                || ZoneId.class.isAssignableFrom(raw)) {
            // UUIDs and java.time values travel as strings in JSON.
            return typed("string");
        }
        if (INTEGERS.contains(raw)) {
            return typed("integer");
        }
        if (NUMBERS.contains(raw)) {
            return typed("number");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return typed("boolean");
        }
        if (raw.isEnum()) {
            ObjectNode schema = typed("string");
            ArrayNode values = schema.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).forEach(constant -> values.add(((Enum<?>) constant).name()));
            return schema;
        }
        if (raw.isArray()) {
            return array(schema(raw.getComponentType(), enclosing));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return type instanceof ParameterizedType parameterized
                    ? array(schema(parameterized.getActualTypeArguments()[0], enclosing))
                    : typed("array");
        }
        if (Map.class.isAssignableFrom(raw) || JsonNode.class.isAssignableFrom(raw) || raw == Object.class
                || !enclosing.add(raw)) {
            return typed("object");
        }
        try {
            return raw.isRecord() ? record(raw, enclosing) : bean(raw, enclosing);
        } finally {
            enclosing.remove(raw);
        }
    }

    private static ObjectNode record(Class<?> type, Set<Class<?>> enclosing) {
        ObjectNode schema = typed("object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent component : type.getRecordComponents()) {
            properties.set(component.getName(), schema(component.getGenericType(), enclosing));
            if (component.getType().isPrimitive()) {
                required.add(component.getName());
            }
        }
        return closed(schema);
    }

    /** A bean's properties are its fields that Jackson can set: public ones, or those with a public setter. */
    private static ObjectNode bean(Class<?> type, Set<Class<?>> enclosing) {
        ObjectNode schema = typed("object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (settable(field) && !properties.has(field.getName())) {
                    properties.set(field.getName(), schema(field.getGenericType(), enclosing));
                    if (field.getType().isPrimitive()) {
                        required.add(field.getName());
                    }
                }
            }
        }
        return closed(schema);
    }

    private static boolean settable(Field field) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
            return false;
        }
        if (Modifier.isPublic(modifiers) && !Modifier.isFinal(modifiers)) {
            return true;
        }
        String setter = "set" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        try {
            field.getDeclaringClass().getMethod(setter, field.getType());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static ObjectNode closed(ObjectNode schema) {
        if (schema.get("required").isEmpty()) {
            schema.remove("required");
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class;
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode schema = typed("array");
        schema.set("items", items);
        return schema;
    }

    private static ObjectNode typed(String type) {
        ObjectNode schema = Json.mapper().createObjectNode();
        schema.put("type", type);
        return schema;
    }
}

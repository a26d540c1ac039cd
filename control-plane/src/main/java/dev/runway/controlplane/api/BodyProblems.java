package dev.runway.controlplane.api;

import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.controlplane.problem.Problems;
import dev.runway.model.json.JacksonFieldPath;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a request body Jackson could not read: by field path and in JSON's words, never
 * by Java class (Jackson's own messages name the classes it binds to, which mean nothing to a caller).
 */
final class BodyProblems {

    /** Jackson's references to its own settings, e.g. "(1000, from `StreamReadConstraints.getMaxNumberLength()`)". */
    private static final Pattern SETTING = Pattern.compile(", from `[^`]*`");
    private static final String START_MARKER = " (start marker at";

    private BodyProblems() {
    }

    static ProblemDetail of(Throwable failure) {
        if (cause(failure, RequestBodyTooLargeException.class) instanceof RequestBodyTooLargeException tooLarge) {
            return ProblemHandler.tooLarge(tooLarge.limit(), tooLarge.setting());
        }
        if (cause(failure, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            return invalid(new FieldError(path(unknown), "is not a known field; known fields are " + known));
        }
        if (cause(failure, MismatchedInputException.class) instanceof MismatchedInputException m
                && m.getCurrentToken() == null && m.getPath().isEmpty()) {
            // nothing but whitespace: no JSON value at all
            Class<?> target = m.getTargetType();
            return ProblemHandler.missingBody(
                    target != null && (Collection.class.isAssignableFrom(target) || target.isArray()));
        }
        if (cause(failure, DatabindException.class) instanceof DatabindException mismatch) {
            Class<?> target = mismatch instanceof MismatchedInputException m ? m.getTargetType() : null;
            return invalid(new FieldError(path(mismatch), expected(target)));
        }
        if (cause(failure, InputCoercionException.class) instanceof InputCoercionException outOfRange) {
            return invalid(new FieldError(path(outOfRange), range(outOfRange.getTargetType())));
        }
        if (cause(failure, JacksonIOException.class) != null) {
            return unreadable("the request body could not be read to its end");
        }
        if (cause(failure, JacksonException.class) instanceof JacksonException malformed) {
            return unreadable("the request body is not valid JSON" + where(malformed.getLocation())
                    + explanation(malformed.getOriginalMessage()));
        }
        return unreadable("the request body could not be read as JSON");
    }

    private static ProblemDetail invalid(FieldError error) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input",
                error.field() + " " + error.message(), List.of(error));
    }

    private static ProblemDetail unreadable(String detail) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", detail);
    }

    /** A field path such as {@code parameters.name} or {@code [3].timestamp}; {@code body} for the whole body. */
    private static String path(JacksonException e) {
        String path = JacksonFieldPath.of(e);
        return path.isEmpty() ? "body" : path;
    }

    /** What a value of the target type must be, in JSON's words, e.g. {@code must be a whole number}. */
    static String expected(Class<?> target) {
        if (target == null) {
            return "has a value of the wrong type or shape";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        Class<?> type = target.isPrimitive() ? boxed(target) : target;
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a JSON array";
        }
        if (JsonNode.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a JSON object";
        }
        return "has a value of the wrong type or shape";
    }

    private static String range(Class<?> target) {
        if (target == int.class || target == Integer.class) {
            return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (target == long.class || target == Long.class) {
            return "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "is out of range";
    }

    private static Class<?> boxed(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "boolean" -> Boolean.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> Double.class;
        };
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's description of a syntax error, without its references to parser internals. */
    private static String explanation(String message) {
        if (message == null) {
            return "";
        }
        String text = SETTING.matcher(message).replaceAll("");
        int marker = text.indexOf(START_MARKER);
        text = (marker < 0 ? text : text.substring(0, marker)).strip();
        return text.isEmpty() || text.contains("`") ? "" : ": " + text;
    }

    private static Throwable cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}

package dev.runway.controlplane.problem;

import java.util.List;

/** Input that is well-formed JSON but wrong: the API answers 422 naming each field at fault. */
public class InvalidInputException extends RuntimeException {

    /** One field at fault, e.g. {@code parameters.name}. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(String summary, List<FieldError> errors) {
        super(summary);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(field + " " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}

package dev.runway.controlplane.problem;

import java.util.List;

/**
 * Input that is well-formed JSON but wrong: the API answers 422 naming each field at fault. At most
 * {@link #MAX_ERRORS} are named, so a body with thousands of faults gets a short answer; {@link #moreErrors}
 * counts the rest.
 */
public class InvalidInputException extends RuntimeException {

    public static final int MAX_ERRORS = 50;

    /** One field at fault, e.g. {@code parameters.name}. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;
    private final int moreErrors;

    public InvalidInputException(String summary, List<FieldError> errors) {
        super(summary);
        this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS)));
        this.moreErrors = errors.size() - this.errors.size();
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(field + " " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** How many errors beyond {@link #errors()} were found and left out. */
    public int moreErrors() {
        return moreErrors;
    }
}

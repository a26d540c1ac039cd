package dev.runway.controlplane.problem;

import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects what is wrong with one input, field by field, so a 422 names every fault at once. */
public final class FieldChecks {

    private final List<FieldError> errors = new ArrayList<>();

    /** A text of at most {@code max} characters; null passes (required fields are checked apart). */
    public FieldChecks text(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        if (value.length() > max) {
            add(field, "is " + value.length() + " characters long; at most " + max + " are allowed");
        } else if (value.indexOf('\0') >= 0) {
            // PostgreSQL cannot store the NUL character in text
            add(field, "must not contain the NUL character");
        }
        return this;
    }

    /** A number from {@code min} to {@code max}; null passes. */
    public FieldChecks range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            add(field, "must be from " + min + " to " + max);
        }
        return this;
    }

    public FieldChecks add(String field, String message) {
        return add(new FieldError(field, message));
    }

    public FieldChecks add(FieldError error) {
        errors.add(error);
        return this;
    }

    public FieldChecks addAll(Collection<FieldError> more) {
        errors.addAll(more);
        return this;
    }

    /** Throws a 422 with every error found, if there is one. */
    public void orThrow(String summary) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(summary, errors);
        }
    }
}

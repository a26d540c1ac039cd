package dev.runway.runner;

import dev.runway.model.schema.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A run's parameters do not fit its flow's input type; the message names every field at fault. */
class BadParametersException extends RuntimeException {

    BadParametersException(List<FieldError> errors) {
        this(errors, null);
    }

    BadParametersException(List<FieldError> errors, Throwable cause) {
        super("bad parameters: " + errors.stream()
                .map(error -> error.under("parameters"))
                .map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; ")), cause);
    }
}

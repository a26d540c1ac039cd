package dev.runway.model.json;

import tools.jackson.core.JacksonException;

/** Where in a document a Jackson error is, written like a {@link dev.runway.model.schema.FieldError} field. */
public final class JacksonFieldPath {

    private JacksonFieldPath() {
    }

    /** E.g. {@code parameters.name} or {@code [3].timestamp}; empty for the whole document. */
    public static String of(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

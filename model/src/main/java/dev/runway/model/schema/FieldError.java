package dev.runway.model.schema;

/**
 * One reason a value does not match its schema.
 *
 * @param field   where, as a dotted path relative to the validated object ({@code name}, {@code options.limit},
 *                {@code items[2]}); empty when the object itself is at fault
 * @param message what is wrong, for a person: "must be an integer", "is required"
 */
public record FieldError(String field, String message) {

    /** The same error seen from further out: {@code rows} under {@code parameters} is {@code parameters.rows}. */
    public FieldError under(String parent) {
        if (field.isEmpty()) {
            return new FieldError(parent, message);
        }
        return new FieldError(field.startsWith("[") ? parent + field : parent + "." + field, message);
    }
}

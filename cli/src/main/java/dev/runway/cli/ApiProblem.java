package dev.runway.cli;

import java.util.List;

/** An RFC 9457 problem the control plane answered with, rendered as its title, detail and one line per field error. */
final class ApiProblem extends CommandFailure {

    record FieldError(String field, String message) {
    }

    private final int status;

    ApiProblem(int status, String title, String detail, List<FieldError> errors, String hint) {
        super(render(title, detail, errors, hint));
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The server's words each on one line with their control characters escaped; the layout is ours. */
    private static String render(String title, String detail, List<FieldError> errors, String hint) {
        StringBuilder text = new StringBuilder(TerminalText.line(title));
        if (detail != null && !detail.isBlank() && !detail.equals(title)) {
            text.append(": ").append(TerminalText.line(detail));
        }
        for (FieldError error : errors == null ? List.<FieldError>of() : errors) {
            text.append("\n  ").append(TerminalText.line(error.field())).append(": ").append(TerminalText.line(error.message()));
        }
        if (hint != null) {
            text.append("\n  ").append(hint);
        }
        return text.toString();
    }
}

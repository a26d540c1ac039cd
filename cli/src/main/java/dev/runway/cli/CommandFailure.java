package dev.runway.cli;

/**
 * A problem to tell the user about in plain words: printed as {@code error: <message>}, exit code 1, no stack trace.
 * Lines after the first are details and come already indented.
 */
class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

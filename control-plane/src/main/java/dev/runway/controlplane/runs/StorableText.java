package dev.runway.controlplane.runs;

import dev.runway.model.LogEntry;

/** Free text a runner sends (log and state messages), made storable rather than refused. */
public final class StorableText {

    private StorableText() {
    }

    /** Cut to {@link LogEntry#MAX_MESSAGE_CHARS}, saying so, and without NUL, which PostgreSQL cannot store. */
    public static String message(String text) {
        return withoutNul(LogEntry.cut(text));
    }

    /** Cut to {@code max} characters, without NUL. */
    static String cut(String text, int max) {
        return text == null ? null : withoutNul(text.length() > max ? text.substring(0, max) : text);
    }

    private static String withoutNul(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }
}

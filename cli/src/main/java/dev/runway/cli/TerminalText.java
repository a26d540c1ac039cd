package dev.runway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text from the server (names, parameters, states, log lines, error details, results) made safe to print on a
 * terminal. A terminal obeys control characters instead of showing them: ESC starts sequences that clear the screen,
 * retitle the window or rewrite what was printed, CR and backspace overwrite it, bidi controls reorder it. So each is
 * shown escaped: {@code \e} ESC, {@code \a} BEL, {@code \b} backspace, {@code \r} CR, {@code \n} newline,
 * {@code \t} tab, and <code>&#92;u202e</code> (four hex digits) for any other C0 control, DEL, C1 control
 * (U+0080–U+009F) or bidi control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). A backslash is printed as it
 * is: the escapes are for reading, not for decoding. Inside a JSON string <code>&#92;u202e</code> is a JSON escape of
 * the same character, and JSON written by Jackson holds no raw C0 control, so JSON output stays valid and equal.
 */
final class TerminalText {

    private TerminalText() {
    }

    /** Text shown on one line, such as a table cell or a name: newlines and tabs are escaped too. */
    static String line(String text) {
        return text == null ? null : escape(text, false);
    }

    /** Text that may span lines, such as a log message: newlines (CRLF read as one) and tabs stay. */
    static String lines(String text) {
        return text == null ? null : escape(text.replace("\r\n", "\n"), true);
    }

    /**
     * Everything printed through it is escaped as {@link #lines} does, keeping the newlines (a line separator
     * included) and tabs that lay the output out: whatever a command forgets to escape still reaches no terminal raw.
     */
    static PrintWriter printer(Writer out) {
        return new PrintWriter(new Escaping(out), true);
    }

    private static String escape(String text, boolean keepLayout) {
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean layout = keepLayout && (c == '\n' || c == '\t'
                    || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
            if (!isControl(c) || layout) {
                if (shown != null) {
                    shown.append(c);
                }
                continue;
            }
            if (shown == null) {
                shown = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            shown.append(switch (c) {
                case '\u001b' -> "\\e";
                case '\u0007' -> "\\a";
                case '\b' -> "\\b";
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                default -> "\\u%04x".formatted((int) c);
            });
        }
        return shown == null ? text : shown.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    private static final class Escaping extends Writer {

        private final Writer out;

        Escaping(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            out.write(escape(new String(chars, offset, length), true));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}

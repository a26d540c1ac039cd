package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void showsEscapesThatTerminalsWouldObeyAsReadableText() {
        assertThat(TerminalText.line("\u001b[2J")).isEqualTo("\\e[2J");
        assertThat(TerminalText.line("\u001b]0;title\u0007")).isEqualTo("\\e]0;title\\a");
        assertThat(TerminalText.line("100%\rdone\b!")).isEqualTo("100%\\rdone\\b!");
        assertThat(TerminalText.line("\u0000\u007f\u0085\u009b")).isEqualTo("\\u0000\\u007f\\u0085\\u009b");
        assertThat(TerminalText.line("abc\u202edef\u2066g\u2069\u200f")).isEqualTo("abc\\u202edef\\u2066g\\u2069\\u200f");
    }

    @Test
    void aLineEscapesNewlinesAndTabsTooWhileTextThatSpansLinesKeepsThem() {
        assertThat(TerminalText.line("one\ntwo\tthree")).isEqualTo("one\\ntwo\\tthree");
        assertThat(TerminalText.lines("one\r\ntwo\tthree\r\u001b[1A")).isEqualTo("one\ntwo\tthree\\r\\e[1A");
    }

    @Test
    void leavesPrintableTextAloneWhateverItsScript() {
        String text = "Grüße, 日本語, emoji 👩‍💻, C:\\temp\\new";

        assertThat(TerminalText.line(text)).isSameAs(text);
        assertThat(TerminalText.line(null)).isNull();
    }

    @Test
    void thePrinterEscapesWhateverGoesThroughItButItsOwnLineBreaks() {
        StringWriter written = new StringWriter();
        PrintWriter printer = TerminalText.printer(written);

        printer.println("a\u001b[2Jb\u202e");
        printer.print("c\td\r\n");

        assertThat(written.toString()).isEqualTo("a\\e[2Jb\\u202e" + System.lineSeparator() + "c\td\r\n");
    }
}

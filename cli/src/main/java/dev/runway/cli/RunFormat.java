package dev.runway.cli;

import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How runs, states and log lines look on the terminal: times in the local zone, durations short, and the server's
 * text with its control characters escaped ({@link TerminalText}).
 */
final class RunFormat {

    private static final String NONE = "-";

    private final Clock clock;
    private final DateTimeFormatter time;
    private final DateTimeFormatter dateTime;

    RunFormat(Clock clock) {
        this.clock = clock;
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(clock.getZone());
        this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(clock.getZone());
    }

    String time(Instant instant) {
        return instant == null ? NONE : time.format(instant);
    }

    String dateTime(Instant instant) {
        return instant == null ? NONE : dateTime.format(instant);
    }

    /** {@code COMPLETED}, or {@code SCHEDULED (Late)} when the name says more than the type. */
    static String state(State state) {
        if (state == null) {
            return NONE;
        }
        return state.name().equals(state.type().defaultName())
                ? state.type().name()
                : state.type().name() + " (" + TerminalText.line(state.name()) + ")";
    }

    /** {@code 22:51:03  RUNNING    Running  message}: the type column fits the longest type, CANCELLING. */
    String stateLine(State state, boolean withDate) {
        String at = withDate ? dateTime(state.timestamp()) : time(state.timestamp());
        String line = "%s  %-11s%s".formatted(at, state.type().name(), TerminalText.line(state.name()));
        return state.message() == null || state.message().isBlank() ? line : line + "  " + TerminalText.line(state.message());
    }

    /** {@code 22:51:04  INFO   message}, with the continuation lines of a multi-line message kept aligned. */
    String logLine(LogEntry entry, String indent) {
        String level = entry.level() == null ? "" : TerminalText.line(entry.level());
        String prefix = indent + "%s  %-5s  ".formatted(time(entry.timestamp()), level);
        String message = entry.message() == null ? "" : TerminalText.lines(entry.message()).stripTrailing();
        return prefix + message.replace("\n", "\n" + " ".repeat(prefix.length()));
    }

    /** From start to end, or to now while the run goes on; {@code -} before it starts. */
    String duration(FlowRun run) {
        if (run.startTime() == null) {
            return NONE;
        }
        Instant end = run.endTime() != null ? run.endTime() : clock.instant();
        return duration(Duration.between(run.startTime(), end));
    }

    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return "%dm %02ds".formatted(seconds / 60, seconds % 60);
        }
        return "%dh %02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }
}

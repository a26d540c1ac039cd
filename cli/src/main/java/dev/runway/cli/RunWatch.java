package dev.runway.cli;

import dev.runway.model.LogEntry;
import dev.runway.model.State;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Follows one flow run by polling its states and logs, printing what is new, until the run ends. */
final class RunWatch {

    private static final int LOG_PAGE = 1000;
    /** How long a watch rides out a control plane that stopped answering (a restart, a network blip). */
    static final Duration OUTAGE_TOLERANCE = Duration.ofSeconds(60);
    private static final String LOG_INDENT = "          ";

    private final RunwayApi api;
    private final RunFormat format;
    private final PrintWriter out;
    private final Duration interval;
    private int statesSeen;
    private int logsSeen;

    RunWatch(RunwayApi api, RunFormat format, PrintWriter out, Duration interval) {
        this.api = api;
        this.format = format;
        this.out = out;
        this.interval = interval;
    }

    /** Prints each new state and, indented, each new log line, in the order they happened; returns the final state. */
    State followStates(UUID runId) throws InterruptedException {
        return follow(runId, true);
    }

    /** Prints log lines as they come; returns the final state. */
    State followLogs(UUID runId) throws InterruptedException {
        return follow(runId, false);
    }

    /** Prints every log line written so far, once. */
    void printLogs(UUID runId) {
        newLogs(runId).forEach(entry -> out.println(format.logLine(entry, "")));
    }

    private State follow(UUID runId, boolean showStates) throws InterruptedException {
        Duration unreachableFor = null;
        while (true) {
            try {
                // States first: once they show the end, the logs read after them are complete.
                List<State> states = api.states(runId);
                List<LogEntry> logs = newLogs(runId);
                List<State> fresh = showStates ? states.subList(statesSeen, states.size()) : List.of();
                statesSeen = states.size();
                print(fresh, logs, showStates ? LOG_INDENT : "");
                out.flush();
                if (!states.isEmpty() && states.getLast().isTerminal()) {
                    return states.getLast();
                }
                unreachableFor = null;
            } catch (CommandFailure e) {
                if (!(e.getCause() instanceof IOException)) {
                    throw e;
                }
                if (unreachableFor == null) {
                    out.println("(" + e.getMessage() + "; still watching for up to " + OUTAGE_TOLERANCE.toSeconds() + " s)");
                    out.flush();
                    unreachableFor = Duration.ZERO;
                } else if (unreachableFor.compareTo(OUTAGE_TOLERANCE) >= 0) {
                    throw e;
                }
                unreachableFor = unreachableFor.plus(interval);
            }
            Thread.sleep(interval);
        }
    }

    private List<LogEntry> newLogs(UUID runId) {
        List<LogEntry> logs = new ArrayList<>();
        List<LogEntry> page;
        do {
            page = api.logs(runId, logsSeen, LOG_PAGE);
            logs.addAll(page);
            logsSeen += page.size();
        } while (page.size() == LOG_PAGE);
        return logs;
    }

    /** Merges the two lists by time; on a tie the state comes first, as the run entered it before logging in it. */
    private void print(List<State> states, List<LogEntry> logs, String logIndent) {
        int s = 0;
        int l = 0;
        while (s < states.size() || l < logs.size()) {
            boolean stateNext = l == logs.size()
                    || s < states.size() && !after(states.get(s).timestamp(), logs.get(l).timestamp());
            if (stateNext) {
                out.println(format.stateLine(states.get(s++), false));
            } else {
                out.println(format.logLine(logs.get(l++), logIndent));
            }
        }
    }

    private static boolean after(Instant a, Instant b) {
        return a != null && b != null && a.isAfter(b);
    }
}

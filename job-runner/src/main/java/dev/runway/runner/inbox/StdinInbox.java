package dev.runway.runner.inbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stdin}: one start message a line of standard input, for a runner that a local control plane starts and feeds.
 * A line is read only when the runner asks for its next message, and each time it asks it prints {@value #READY} on
 * {@code ready} (standard output), so the control plane knows it is free; blank lines are skipped; the end of the
 * input ends the inbox. Reading happens on a thread of its own, so {@link #close()} frees a runner waiting for a line at once (a
 * blocked read of a pipe cannot be interrupted). Standard input cannot take a line back: one read as the runner stops
 * is lost, and the log says so.
 */
public final class StdinInbox implements WarmInbox {

    private static final Logger log = LoggerFactory.getLogger(StdinInbox.class);
    /** The line that tells the control plane this runner waits for its next start message. */
    static final String READY = "RUNWAY-WARM-READY";

    private final BufferedReader lines;
    private final ExecutorService reader =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("runway-stdin").daemon().factory());
    private volatile boolean closed;
    private Future<String> reading;
    private long lineNumber;

    private final PrintStream ready;

    public StdinInbox(InputStream in, PrintStream ready) {
        lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.ready = ready;
    }

    @Override
    public Optional<InboxMessage> next() throws InterruptedException {
        if (!closed) {
            ready.println(READY);
            ready.flush();
        }
        while (true) {
            Future<String> line;
            synchronized (this) {
                if (closed) {
                    return Optional.empty();
                }
                reading = reader.submit(this::readLine);
                line = reading;
            }
            String text;
            try {
                text = line.get();
            } catch (CancellationException e) {
                return Optional.empty();
            } catch (ExecutionException e) {
                log.error("Cannot read standard input: no more start messages", e.getCause());
                return Optional.empty();
            }
            if (text == null) {
                return Optional.empty();
            }
            lineNumber++;
            if (!text.isBlank()) {
                return Optional.of(new Line(text, lineNumber));
            }
        }
    }

    private String readLine() throws IOException {
        String line = lines.readLine();
        if (line != null && closed) {
            log.warn("A line of standard input came after the inbox closed and is dropped");
        }
        return line;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reading != null) {
            reading.cancel(true);
        }
        reader.shutdownNow();
    }

    private record Line(String text, long number) implements InboxMessage {

        @Override
        public String origin() {
            return "stdin line " + number;
        }

        @Override
        public void done() {
            // nothing to acknowledge: a line read is gone from the pipe
        }

        @Override
        public void giveBack() {
            log.warn("{} was read but not run, and standard input cannot take it back", origin());
        }
    }
}

package dev.runway.runner;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.runway.flow.internal.CurrentRun;
import dev.runway.model.LogEntry;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * A Logback appender that sends every log event written while a flow runs (flow code, libraries, the
 * runner's own lines about the run) to the run's log, stack traces included.
 *
 * <p>It ships at most {@code maxLines} lines and counts the rest. It is not synchronized: a thread waiting for room
 * in the queue must not hold a lock every other logging thread needs, the runtime's own included.
 *
 * <p>It is attached to the root logger for the duration of the run, once the flows' context has started. Lines of
 * threads that an earlier run of a warm runner left behind are not this run's and are left out ({@link RunThreads}).
 */
final class RunLogShipper extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Lines about shipping itself: sending them would feed the loop that produced them. */
    private static final Set<String> TRANSPORT_LOGGERS = Set.of(
            ControlPlaneClient.class.getName(), BatchSender.class.getName());

    private final BatchSender<LogEntry> sender;
    private final long maxLines;
    private final ThreadGroup runThreads;
    private final AtomicLong written = new AtomicLong();

    RunLogShipper(BatchSender<LogEntry> sender, long maxLines, ThreadGroup runThreads) {
        this.sender = sender;
        this.maxLines = maxLines;
        this.runThreads = runThreads;
        setName("runway-run-logs");
    }

    long maxLines() {
        return maxLines;
    }

    /** Lines written past {@code maxLines}, and so not shipped. */
    long overLimit() {
        return Math.max(0, written.get() - maxLines);
    }

    /** Starts shipping; returns false (and ships nothing) when SLF4J is not backed by Logback. */
    boolean attach() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        setContext(context);
        start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this);
        return true;
    }

    void detach() {
        if (getContext() instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(this);
        }
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (TRANSPORT_LOGGERS.contains(event.getLoggerName()) || RunThreads.currentBelongsToAnotherRun(runThreads)
                || written.incrementAndGet() > maxLines) {
            return;
        }
        String message = event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            message = message + System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy());
        }
        String taskRunId = event.getMDCPropertyMap().get(CurrentRun.TASK_RUN_ID_MDC_KEY);
        sender.add(new LogEntry(event.getInstant(), event.getLevel().toString(), event.getLoggerName(),
                LogEntry.cut(message), taskRunId == null ? null : UUID.fromString(taskRunId)));
    }
}

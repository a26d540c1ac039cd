package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.runway.flow.internal.CurrentRun;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import dev.runway.runner.FlowRunAttempt.Aftermath;
import dev.runway.runner.inbox.InboxMessage;
import dev.runway.runner.inbox.StdinInbox;
import dev.runway.runner.inbox.WarmInbox;
import dev.runway.runner.testflows.TestFlows;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PrintStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.node.ObjectNode;

/** A warm worker in-process: several flow runs, one after another, on one flows' context, each against its own fake. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WarmWorkerTest {

    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
    private static final Duration CANCEL_GRACE = Duration.ofMillis(300);
    private static FlowCatalog flows;

    @TempDir
    Path results;

    private final List<FakeControlPlane> controlPlanes = new ArrayList<>();
    private final ListAppender<ILoggingEvent> workerLines = new ListAppender<>();

    @BeforeAll
    static void startFlows() {
        flows = FlowContext.start(new String[] {"--runway.flows.packages=dev.runway.runner.testflows"});
    }

    @AfterAll
    static void stopFlows() {
        flows.close();
    }

    @BeforeEach
    void reset() {
        TestFlows.reset();
        workerLines.start();
        ((Logger) LoggerFactory.getLogger(WarmWorker.class)).addAppender(workerLines);
    }

    @AfterEach
    void release() {
        TestFlows.released = true;
        ((Logger) LoggerFactory.getLogger(WarmWorker.class)).detachAppender(workerLines);
        controlPlanes.forEach(FakeControlPlane::close);
    }

    @Test
    void runsTwoFlowRunsInARowFromStdinEachWithOnlyItsOwnLogsAndAFreshMdc() throws Exception {
        Run ada = run("greet", "{\"name\":\"Ada\",\"times\":1}");
        Run grace = run("greet", "{\"name\":\"Grace\",\"times\":2}");
        // left over on the worker's thread, as if by an earlier run: no run's line may carry it
        MDC.put(CurrentRun.TASK_RUN_ID_MDC_KEY, UUID.randomUUID().toString());

        Aftermath aftermath = worker(stdin(ada.message(), grace.message())).run();

        assertThat(aftermath).isEqualTo(Aftermath.CLEAN);
        assertThat(ada.last().type()).isEqualTo(StateType.COMPLETED);
        assertThat(grace.last().type()).isEqualTo(StateType.COMPLETED);
        assertThat(ada.logMessages()).contains("Greeting Ada 1 times").noneMatch(line -> line.contains("Grace"));
        assertThat(grace.logMessages()).contains("Greeting Grace 2 times").noneMatch(line -> line.contains("Ada"));
        assertThat(ada.controlPlane().logs()).isNotEmpty().allSatisfy(entry -> assertThat(entry.taskRunId()).isNull());
        assertThat(grace.controlPlane().logs()).isNotEmpty().allSatisfy(entry -> assertThat(entry.taskRunId()).isNull());
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        assertThat(workerLines.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("took flow run " + ada.id() + " attempt 1 from stdin line 1",
                        "took flow run " + grace.id() + " attempt 1 from stdin line 2");
    }

    @Test
    void linesOfAThreadAnEarlierRunLeftBehindDoNotReachTheNextRun() throws Exception {
        Run ada = run("leaveBehind", "{\"name\":\"Ada\",\"times\":1}");
        Run grace = run("nap", "{\"name\":\"Grace\",\"times\":300}");
        ListAppender<ILoggingEvent> flowLines = new ListAppender<>();
        flowLines.start();
        Logger flowLogger = (Logger) LoggerFactory.getLogger(TestFlows.class);
        flowLogger.addAppender(flowLines);
        try {
            worker(stdin(ada.message(), grace.message())).run();
        } finally {
            flowLogger.detachAppender(flowLines);
        }

        assertThat(grace.last().type()).isEqualTo(StateType.COMPLETED);
        Instant napStarted = grace.logTime("Running flow nap");
        Instant napReturned = grace.logTime("Flow nap returned");
        assertThat(flowLines.list).as("the thread left behind logged while the next run ran")
                .anySatisfy(line -> {
                    assertThat(line.getFormattedMessage()).isEqualTo("Left behind by Ada");
                    assertThat(line.getInstant()).isBetween(napStarted, napReturned);
                });
        assertThat(grace.logMessages()).noneMatch(line -> line.startsWith("Left behind"));
    }

    @Test
    void reportsAFailingFlowAndRunsTheNext() throws Exception {
        Run failing = run("explode", "{\"name\":\"Ada\",\"times\":1}");
        Run good = run("greet", "{\"name\":\"Grace\",\"times\":1}");

        Aftermath aftermath = worker(stdin(failing.message(), good.message())).run();

        assertThat(aftermath).isEqualTo(Aftermath.CLEAN);
        assertThat(failing.last().type()).isEqualTo(StateType.FAILED);
        assertThat(failing.last().message()).isEqualTo("cannot greet Ada");
        assertThat(good.last().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void reportsACancelledFlowAndRunsTheNext() throws Exception {
        Run cancelled = run("waitForever", "{\"name\":\"Ada\",\"times\":1}");
        cancelled.controlPlane().requestCancellationWhen(() -> TestFlows.waiting.getCount() == 0);
        Run good = run("greet", "{\"name\":\"Grace\",\"times\":1}");

        Aftermath aftermath = worker(stdin(cancelled.message(), good.message())).run();

        assertThat(aftermath).isEqualTo(Aftermath.CLEAN);
        assertThat(TestFlows.interrupted).isTrue();
        assertThat(cancelled.last().type()).isEqualTo(StateType.CANCELLED);
        assertThat(good.last().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void aFlowThatIgnoresTheInterruptIsReportedCancelledAndTheWorkerAsksToBeReplaced() throws Exception {
        Run stubborn = run("ignoreInterrupts", "{\"name\":\"Ada\",\"times\":1}");
        stubborn.controlPlane().requestCancellationWhen(() -> TestFlows.waiting.getCount() == 0);
        Run next = run("greet", "{\"name\":\"Grace\",\"times\":1}");

        Aftermath aftermath = worker(stdin(stubborn.message(), next.message())).run();

        assertThat(aftermath).isEqualTo(Aftermath.FLOW_RUNNING_ON);
        assertThat(stubborn.last().type()).isEqualTo(StateType.CANCELLED);
        assertThat(next.controlPlane().requests()).as("the next message is not taken").isEmpty();
    }

    @Test
    void aFlowThatThrowsAVirtualMachineErrorIsReportedFailedAndTheWorkerAsksToBeReplaced() throws Exception {
        Run broken = run("outOfMemory", "{\"name\":\"Ada\",\"times\":1}");
        Run next = run("greet", "{\"name\":\"Grace\",\"times\":1}");

        Aftermath aftermath = worker(stdin(broken.message(), next.message())).run();

        assertThat(aftermath).isEqualTo(Aftermath.JVM_ERROR);
        assertThat(broken.last().type()).isEqualTo(StateType.FAILED);
        assertThat(broken.last().message()).isEqualTo("pretending to be out of memory");
        assertThat(next.controlPlane().requests()).isEmpty();
    }

    @Test
    void dropsMalformedMessagesSayingWhatIsWrongAndRunsTheNext() throws Exception {
        Run good = run("greet", "{\"name\":\"Grace\",\"times\":1}");
        RecordingInbox inbox = new RecordingInbox(
                "{\"env\": not json",
                "{\"env\":{\"RUNWAY_API_URL\":\"" + good.controlPlane().url() + "\",\"RUNWAY_RUN_ID\":\"nope\","
                        + "\"RUNWAY_ATTEMPT\":\"1\",\"RUNWAY_RUN_TOKEN\":\"t\"}}",
                "{\"env\":{\"PATH\":\"/bin\"}}",
                "[]",
                good.message());

        Aftermath aftermath = worker(inbox).run();

        assertThat(aftermath).isEqualTo(Aftermath.CLEAN);
        assertThat(good.last().type()).isEqualTo(StateType.COMPLETED);
        assertThat(inbox.events).containsExactly("done message 1", "done message 2", "done message 3", "done message 4",
                "done message 5");
        assertThat(workerLines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).startsWith("Dropped message 1: the start message is not JSON: "))
                .contains("Dropped message 2: RUNWAY_RUN_ID must be a UUID, got 'nope'",
                        "Dropped message 3: the start message's env may hold only RUNWAY_* variables, not PATH")
                .anySatisfy(line -> assertThat(line).startsWith("Dropped message 4: the start message has no \"env\" object"));
    }

    @Test
    void isDoneWithAMessageOnceItsClaimIsAnsweredAndRunsNothingWhenTheClaimIsAborted() throws Exception {
        Run taken = run("greet", "{\"name\":\"Ada\",\"times\":1}");
        taken.controlPlane().answerClaimWith(OrchestrationResult.Status.ABORT);
        Run good = run("greet", "{\"name\":\"Grace\",\"times\":1}");
        RecordingInbox inbox = new RecordingInbox(taken.message(), good.message());
        inbox.onDone = () -> inbox.events.add("requests so far: " + good.controlPlane().paths().size());

        worker(inbox).run();

        assertThat(taken.controlPlane().paths()).singleElement().satisfies(path -> assertThat(path).endsWith("/claim"));
        assertThat(TestFlows.INVOCATIONS).hasValue(1);
        assertThat(inbox.events).containsExactly("requests so far: 0", "done message 1", "requests so far: 1",
                "done message 2");
        assertThat(good.last().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void givesAMessageBackWhenTheControlPlaneCannotBeReachedForTheClaimAndTakesTheNext() throws Exception {
        Run unreachable = run("greet", "{\"name\":\"Ada\",\"times\":1}");
        unreachable.controlPlane().close();
        Run good = run("greet", "{\"name\":\"Grace\",\"times\":1}");
        RecordingInbox inbox = new RecordingInbox(unreachable.message(), good.message());

        worker(inbox).run();

        assertThat(inbox.events).containsExactly("given back message 1", "done message 2");
        assertThat(good.last().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void drainingAnIdleWorkerEndsItAtOnce() throws Exception {
        WarmInbox neverEnding = new StdinInbox(new PipedInputStream(new PipedOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()));
        WarmWorker worker = worker(neverEnding);
        Thread loop = Thread.ofPlatform().start(worker::run);

        assertThat(worker.drain()).isTrue();
        loop.join(1000);
        assertThat(loop.isAlive()).isFalse();
    }

    private WarmWorker worker(WarmInbox inbox) {
        // Every message names its own control plane; an address nobody answers shows that the message's wins.
        Map<String, String> environment = Map.of(
                "RUNWAY_API_URL", "http://127.0.0.1:1",
                "RUNWAY_RESULT_STORE", results.toUri().toString(),
                "RUNWAY_HEARTBEAT_SECONDS", "1");
        return new WarmWorker(inbox, environment, Duration.ofSeconds(1), settings -> new FlowRunAttempt(settings,
                new ControlPlaneClient(settings.apiUrl(), settings.runId(), settings.token(), QUICK_RETRY),
                Delivery.DEFAULT, flows::shared, Clock.systemUTC(), Instant::now, "test-worker", CANCEL_GRACE));
    }

    private Run run(String flowName, String parameters) throws Exception {
        UUID id = UUID.randomUUID();
        FakeControlPlane controlPlane = new FakeControlPlane(id, flowName, (ObjectNode) Json.mapper().readTree(parameters));
        controlPlanes.add(controlPlane);
        return new Run(id, controlPlane);
    }

    private static StdinInbox stdin(String... lines) {
        return new StdinInbox(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    /** A flow run for the worker to take, and the control plane it reports to. */
    private record Run(UUID id, FakeControlPlane controlPlane) {

        String message() {
            return Json.mapper().writeValueAsString(Map.of("env", Map.of(
                    "RUNWAY_API_URL", controlPlane.url().toString(),
                    "RUNWAY_RUN_ID", id.toString(),
                    "RUNWAY_ATTEMPT", "1",
                    "RUNWAY_RUN_TOKEN", FakeControlPlane.TOKEN)));
        }

        StateProposal last() {
            return controlPlane.stateProposals().getLast();
        }

        List<String> logMessages() {
            return controlPlane.logs().stream().map(LogEntry::message).toList();
        }

        Instant logTime(String start) {
            return controlPlane.logs().stream().filter(entry -> entry.message().startsWith(start)).findFirst()
                    .orElseThrow().timestamp();
        }
    }

    /** Hands out the messages given, then ends, and records what the worker did with each. */
    private static final class RecordingInbox implements WarmInbox {

        final List<String> events = new CopyOnWriteArrayList<>();
        Runnable onDone = () -> { };
        private final Queue<String> messages;
        private int taken;

        RecordingInbox(String... messages) {
            this.messages = new ArrayDeque<>(List.of(messages));
        }

        @Override
        public Optional<InboxMessage> next() {
            String text = messages.poll();
            if (text == null) {
                return Optional.empty();
            }
            String origin = "message " + ++taken;
            return Optional.of(new InboxMessage() {
                @Override
                public String text() {
                    return text;
                }

                @Override
                public String origin() {
                    return origin;
                }

                @Override
                public void done() {
                    onDone.run();
                    events.add("done " + origin);
                }

                @Override
                public void giveBack() {
                    events.add("given back " + origin);
                }
            });
        }

        @Override
        public void close() {
        }
    }
}

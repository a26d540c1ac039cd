package dev.runway.runner;

import dev.runway.model.FlowRun;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import dev.runway.model.result.ResultKey.FlowRunResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * One attempt at a flow run, from claim to final state: claim it, heartbeat, start the flows, bind the
 * parameters, call the flow on its own thread, store the result, report COMPLETED, FAILED or CANCELLED.
 *
 * <p>The claim comes before Spring starts: a runner that lost the run exits at once, and one whose flows
 * fail to start can still report why. A warm runner runs attempts one after another in one JVM: each says
 * whether it left the JVM fit for the next ({@link Aftermath}), and one can be {@linkplain #stop stopped}.
 */
final class FlowRunAttempt {

    private static final Logger log = LoggerFactory.getLogger(FlowRunAttempt.class);
    /** How long a cancelled flow gets to stop, once interrupted, before CANCELLED is reported regardless. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(10);
    /**
     * How long a {@linkplain #stop stopped} flow gets: a moment for its last lines to reach the run's logs, as the
     * runner stops within the few seconds a platform leaves between SIGTERM and SIGKILL.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    /** What an attempt leaves behind in the JVM that ran it. */
    enum Aftermath {
        /** Nothing of the run is left running: the JVM can run another. */
        CLEAN("nothing of the run is left"),
        /** The flow threw a {@link VirtualMachineError} (out of memory, stack overflow): the JVM may be broken. */
        JVM_ERROR("a flow threw a VirtualMachineError"),
        /** The flow's thread did not stop when interrupted and runs on. */
        FLOW_RUNNING_ON("a flow did not stop when interrupted and still runs");

        private final String description;

        Aftermath(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Why a flow is to stop before it returns, and what is reported then. */
    private record Interruption(StateType state, String message, String messageBeforeStart, Duration grace) {
    }

    private final RunSettings settings;
    private final ControlPlaneClient client;
    private final Delivery delivery;
    private final Supplier<FlowCatalog> flows;
    private final Clock clock;
    private final Supplier<Instant> jvmStart;
    private final String claimant;
    private final Duration cancelGrace;
    /** Completed by whichever comes first: a cancellation request or {@link #stop}. */
    private final CompletableFuture<Interruption> interruption = new CompletableFuture<>();
    private final ThreadGroup runThreads;
    private volatile Aftermath aftermath = Aftermath.CLEAN;

    /** @param cancelGrace how long a cancelled flow gets to stop once interrupted ({@link #CANCEL_GRACE} in a runner) */
    FlowRunAttempt(RunSettings settings, ControlPlaneClient client, Delivery delivery, Supplier<FlowCatalog> flows,
                   Clock clock, Supplier<Instant> jvmStart, String claimant, Duration cancelGrace) {
        this.settings = settings;
        this.client = client;
        this.delivery = delivery;
        this.flows = flows;
        this.clock = clock;
        this.jvmStart = jvmStart;
        this.claimant = claimant;
        this.cancelGrace = cancelGrace;
        this.runThreads = RunThreads.group(settings.runId(), settings.attempt());
    }

    /** Returns once the final state is reported, or the run turned out not to be this runner's. */
    Aftermath execute() {
        return execute(() -> { });
    }

    /** @param claimAnswered told as soon as the claim is answered, whatever the answer */
    Aftermath execute(Runnable claimAnswered) {
        OrchestrationResult claim = client.claim(proposal(StateType.RUNNING, null, null));
        log.info("Claim of flow run {} answered {}, {} ms after JVM start", settings.runId(), claim.status(),
                sinceJvmStart());
        claimAnswered.run();
        if (claim.status() != OrchestrationResult.Status.ACCEPT) {
            log.info("Not running flow run {}: {}", settings.runId(), claim.reason());
            return Aftermath.CLEAN;
        }
        try (HeartbeatLoop ignored = HeartbeatLoop.start(client, settings.heartbeatInterval(), () -> interruption.complete(
                new Interruption(StateType.CANCELLED, "cancelled on request", "cancelled before the flow started", cancelGrace)))) {
            StateProposal last = run();
            OrchestrationResult answer = client.propose(last);
            log.info("Reported {} for flow run {}: {}", last.type(), settings.runId(), answer.status());
        }
        return aftermath;
    }

    /**
     * Stops the attempt from another thread: its flow is interrupted (or never starts) and FAILED is reported with
     * {@code reason}, unless the flow returned or was cancelled first.
     */
    void stop(String reason) {
        interruption.complete(new Interruption(StateType.FAILED, reason, reason, STOP_GRACE));
    }

    private StateProposal run() {
        FlowRun run;
        try {
            run = client.flowRun();
        } catch (JacksonException e) {
            log.error("The flow run from the control plane cannot be read", e);
            return failed("the runner cannot read this flow run: " + e.getOriginalMessage());
        }
        FlowCatalog catalog;
        try {
            catalog = flows.get();
        } catch (RuntimeException e) {
            log.error("The runner's flows failed to start", e);
            return failed("the runner's flows failed to start: " + message(rootCause(e)));
        }
        try (catalog; RunReporting ignored = RunReporting.start(client, clock, delivery, settings.limits().maxLogLines(),
                runThreads)) {
            FlowInvoker flow;
            Object input;
            try {
                Optional<FlowInvoker> found = catalog.find(run.flowName());
                if (found.isEmpty()) {
                    log.error("Flow run {} cannot run: {}", run.id(), catalog.notFound(run.flowName()));
                    return failed(catalog.notFound(run.flowName()));
                }
                flow = found.get();
                input = flow.bind(run.parameters());
            } catch (BadParametersException | ConfigurationException e) {
                log.error("Flow {} cannot run: {}", run.flowName(), e.getMessage());
                return failed(e.getMessage());
            }
            Interruption early = interruption.getNow(null);
            if (early != null) {
                log.info("Flow run {} did not start flow {}: {}", run.id(), run.flowName(), early.messageBeforeStart());
                return proposal(early.state(), early.messageBeforeStart(), null);
            }
            log.info("Running flow {} (flow run {}, attempt {}), {} ms after JVM start", run.flowName(), run.id(),
                    settings.attempt(), sinceJvmStart());
            return invoke(flow, input);
        }
    }

    private StateProposal invoke(FlowInvoker flow, Object input) {
        CompletableFuture<Object> output = new CompletableFuture<>();
        // Settles the race between the flow finishing and an interruption arriving: whichever comes first decides.
        CompletableFuture<Boolean> interruptedFirst = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().group(runThreads).name("flow-" + flow.name()).start(() -> {
            try {
                Instant started = clock.instant();
                Object returned = flow.invoke(input);
                log.info("Flow {} returned after {} ms, {} ms after JVM start", flow.name(),
                        Duration.between(started, clock.instant()).toMillis(), sinceJvmStart());
                output.complete(returned);
            } catch (Throwable e) {
                output.completeExceptionally(e);
            }
            interruptedFirst.complete(false);
        });
        interruption.thenRun(() -> {
            if (interruptedFirst.complete(true)) {
                thread.interrupt();
            }
        });
        if (interruptedFirst.join()) {
            return interrupted(flow, output, interruption.join());
        }
        try {
            return completed(flow, output.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof VirtualMachineError) {
                aftermath = Aftermath.JVM_ERROR;
            }
            log.error("Flow {} failed", flow.name(), e.getCause());
            return failed(message(e.getCause()));
        }
    }

    private StateProposal completed(FlowInvoker flow, Object output) {
        long maxBytes = settings.limits().maxResultBytes();
        String resultRef;
        try {
            resultRef = settings.resultStore().write(new FlowRunResult(settings.runId(), settings.attempt()), out -> {
                ResultLimit json = new ResultLimit(out, maxBytes);
                Json.mapper().writeValue(json, output);
                json.check();
            });
        } catch (ResultLimit.ResultTooLargeException e) {
            log.error("Flow {} finished but {}", flow.name(), e.getMessage());
            return failed(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Flow {} finished but its result could not be stored", flow.name(), e);
            return failed("could not store the result: " + message(e));
        }
        return proposal(StateType.COMPLETED, null, resultRef);
    }

    private StateProposal interrupted(FlowInvoker flow, CompletableFuture<Object> output, Interruption why) {
        try {
            output.get(why.grace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            aftermath = Aftermath.FLOW_RUNNING_ON;
            log.warn("Flow {} did not stop within {} ms of being interrupted", flow.name(), why.grace().toMillis());
        } catch (ExecutionException e) {
            // Expected: most flows stop by throwing once interrupted.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Flow {} interrupted: {}", flow.name(), why.message());
        return proposal(why.state(), why.message(), null);
    }

    private long sinceJvmStart() {
        return Duration.between(jvmStart.get(), clock.instant()).toMillis();
    }

    private StateProposal failed(String message) {
        return proposal(StateType.FAILED, message, null);
    }

    private StateProposal proposal(StateType type, String message, String resultRef) {
        return new StateProposal(UUID.randomUUID(), type, null, message, resultRef, claimant);
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

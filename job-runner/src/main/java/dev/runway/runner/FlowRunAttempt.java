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
 * fail to start can still report why.
 */
final class FlowRunAttempt {

    private static final Logger log = LoggerFactory.getLogger(FlowRunAttempt.class);
    /** How long an interrupted flow gets to stop before CANCELLED is reported regardless. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private final RunSettings settings;
    private final ControlPlaneClient client;
    private final Delivery delivery;
    private final Supplier<FlowCatalog> flows;
    private final Clock clock;
    private final Supplier<Instant> jvmStart;
    private final String claimant;

    FlowRunAttempt(RunSettings settings, ControlPlaneClient client, Delivery delivery,
                   Supplier<FlowCatalog> flows, Clock clock, Supplier<Instant> jvmStart, String claimant) {
        this.settings = settings;
        this.client = client;
        this.delivery = delivery;
        this.flows = flows;
        this.clock = clock;
        this.jvmStart = jvmStart;
        this.claimant = claimant;
    }

    /** Returns once the final state is reported, or the run turned out not to be this runner's. */
    void execute() {
        OrchestrationResult claim = client.claim(proposal(StateType.RUNNING, null, null));
        log.info("Claim of flow run {} answered {}, {} ms after JVM start", settings.runId(), claim.status(),
                sinceJvmStart());
        if (claim.status() != OrchestrationResult.Status.ACCEPT) {
            log.info("Not running flow run {}: {}", settings.runId(), claim.reason());
            return;
        }
        CompletableFuture<Void> cancelRequested = new CompletableFuture<>();
        try (HeartbeatLoop ignored = HeartbeatLoop.start(client, settings.heartbeatInterval(),
                () -> cancelRequested.complete(null))) {
            StateProposal last = run(cancelRequested);
            OrchestrationResult answer = client.propose(last);
            log.info("Reported {} for flow run {}: {}", last.type(), settings.runId(), answer.status());
        }
    }

    private StateProposal run(CompletableFuture<Void> cancelRequested) {
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
        try (catalog; RunReporting ignored = RunReporting.start(client, clock, delivery, settings.limits().maxLogLines())) {
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
            if (cancelRequested.isDone()) {
                log.info("Flow run {} was cancelled before flow {} started", run.id(), run.flowName());
                return proposal(StateType.CANCELLED, "cancelled before the flow started", null);
            }
            log.info("Running flow {} (flow run {}, attempt {}), {} ms after JVM start", run.flowName(), run.id(),
                    settings.attempt(), sinceJvmStart());
            return invoke(flow, input, cancelRequested);
        }
    }

    private StateProposal invoke(FlowInvoker flow, Object input, CompletableFuture<Void> cancelRequested) {
        CompletableFuture<Object> output = new CompletableFuture<>();
        // Settles the race between the flow finishing and a cancellation arriving: whichever comes first decides.
        CompletableFuture<Boolean> cancelledFirst = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name("flow-" + flow.name()).start(() -> {
            try {
                Instant started = clock.instant();
                Object returned = flow.invoke(input);
                log.info("Flow {} returned after {} ms, {} ms after JVM start", flow.name(),
                        Duration.between(started, clock.instant()).toMillis(), sinceJvmStart());
                output.complete(returned);
            } catch (Throwable e) {
                output.completeExceptionally(e);
            }
            cancelledFirst.complete(false);
        });
        cancelRequested.thenRun(() -> {
            if (cancelledFirst.complete(true)) {
                thread.interrupt();
            }
        });
        if (cancelledFirst.join()) {
            return cancelled(flow, output);
        }
        try {
            return completed(flow, output.join());
        } catch (CompletionException e) {
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

    private StateProposal cancelled(FlowInvoker flow, CompletableFuture<Object> output) {
        try {
            output.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Flow {} did not stop within {} s of being interrupted", flow.name(), CANCEL_GRACE.toSeconds());
        } catch (ExecutionException e) {
            // Expected: most flows stop by throwing once interrupted.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Flow {} cancelled", flow.name());
        return proposal(StateType.CANCELLED, "cancelled on request", null);
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

package dev.runway.controlplane.metrics;

import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.model.FlowRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Run metrics for Prometheus ({@code /actuator/prometheus}):
 * {@code runway_flow_run_transitions_total{state,deployment}} counts every state a run enters, and
 * {@code runway_flow_run_duration_seconds{state,deployment}} times runs from start to their final state.
 */
@Component
public class FlowRunMetrics {

    private final MeterRegistry registry;

    public FlowRunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    public void on(FlowRunStateChanged change) {
        FlowRun run = change.run();
        String state = run.state().type().name();
        String deployment = run.deploymentName() == null ? "" : run.deploymentName();
        Counter.builder("runway.flow_run.transitions")
                .description("States entered by flow runs")
                .tag("state", state).tag("deployment", deployment)
                .register(registry).increment();
        if (run.state().isTerminal() && run.startTime() != null && run.endTime() != null) {
            Timer.builder("runway.flow_run.duration")
                    .description("Flow runs from start to final state")
                    .tag("state", state).tag("deployment", deployment)
                    .register(registry).record(Duration.between(run.startTime(), run.endTime()));
        }
    }
}

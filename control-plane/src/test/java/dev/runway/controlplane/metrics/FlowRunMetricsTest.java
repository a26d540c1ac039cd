package dev.runway.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlowRunMetricsTest {

    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FlowRunMetrics metrics = new FlowRunMetrics(registry);

    @Test
    void countsStatesPerDeploymentAndTimesFinishedRuns() {
        metrics.on(new FlowRunStateChanged(run(StateType.RUNNING, null), null));
        metrics.on(new FlowRunStateChanged(run(StateType.COMPLETED, START.plusSeconds(3)), null));
        metrics.on(new FlowRunStateChanged(run(StateType.COMPLETED, START.plusSeconds(5)), null));

        assertThat(registry.get("runway.flow_run.transitions").tags("state", "COMPLETED", "deployment", "hello")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("runway.flow_run.transitions").tags("state", "RUNNING").counter().count()).isEqualTo(1);
        var duration = registry.get("runway.flow_run.duration").tags("state", "COMPLETED").timer();
        assertThat(duration.count()).isEqualTo(2);
        assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(8);
    }

    private static FlowRun run(StateType type, Instant end) {
        return new FlowRun(UUID.randomUUID(), "hello-1", UUID.randomUUID(), "hello", "hello",
                Json.mapper().createObjectNode(), State.of(type, START), 1, 0, 0, START, START, end, null, null, null,
                "manual", List.of(), START, START);
    }
}

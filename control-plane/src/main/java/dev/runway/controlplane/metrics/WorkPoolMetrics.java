package dev.runway.controlplane.metrics;

import dev.runway.controlplane.pools.WorkPoolChanged;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.StateNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Work pool gauges for Prometheus, read from the database when scraped: {@code runway_work_pool_waiting{pool}}
 * counts the PENDING runs a pool has not launched (over its limit, paused, or waiting for its infrastructure),
 * {@code runway_work_pool_running{pool}} the slots its runs hold, and {@code runway_flow_runs_waiting{reason}} the
 * runs waiting under each name ({@code AwaitingConcurrencySlot}, {@code LaunchRateLimited}, …).
 */
@Component
public class WorkPoolMetrics {

    private final MeterRegistry registry;
    private final WorkPoolStore pools;
    private final FlowRunStore runs;

    public WorkPoolMetrics(MeterRegistry registry, WorkPoolStore pools, FlowRunStore runs) {
        this.registry = registry;
        this.pools = pools;
        this.runs = runs;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void registerEveryPool() {
        pools.names().forEach(this::register);
        for (String reason : StateNames.WAITING) {
            Gauge.builder("runway.flow_runs.waiting", runs, store -> store.countWaiting(reason))
                    .description("PENDING runs not launched yet, by the name that says why").tag("reason", reason)
                    .register(registry);
        }
    }

    /** A pool created after the start gets its gauges too (registering again is a no-op). */
    @EventListener
    public void on(WorkPoolChanged change) {
        register(change.pool());
    }

    private void register(String pool) {
        Gauge.builder("runway.work_pool.waiting", pools, store -> store.find(pool).map(p -> p.waiting()).orElse(0L))
                .description("PENDING runs of the work pool not launched yet").tag("pool", pool).register(registry);
        Gauge.builder("runway.work_pool.running", pools, store -> store.find(pool).map(p -> p.running()).orElse(0L))
                .description("Runs of the work pool launched and not finished").tag("pool", pool).register(registry);
    }
}

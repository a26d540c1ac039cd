package dev.runway.controlplane.e2e;

import dev.runway.controlplane.ControlPlaneApplication;
import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.dispatch.DispatchTransport;
import dev.runway.controlplane.launch.FakeLauncher;
import dev.runway.controlplane.launch.Launchers;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.model.StateType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How promptly schedules' runs are dispatched: 1,000 deployments, each with an every-minute cron, on PostgreSQL, in a
 * whole control plane (its loops as they run in production: scheduler, dispatcher, outbox drainer). Its dispatches are
 * taken by a transport that launches nothing here, as Pub/Sub takes them; with {@code -Drunway.bench.launches=true}
 * they go to the in-process launch handler instead, with a launcher that starts nothing (so every run stays under way,
 * and launching competes with dispatching for the database). For every run due in the measured minutes: the lag from
 * its fire time to PENDING,
 * taken when the control plane announces the committed PENDING state (its {@code FlowRunStateChanged} event, after
 * the transaction); p50, p99 and max per minute's burst of 1,000 and over all. Beside them, a
 * lone schedule firing at second 15 of each minute, when nothing else is due; and the CPU time the scheduler's and the
 * dispatcher's threads used per minute (ThreadMXBean). Prints a table and writes it to
 * {@code target/schedules-benchmark.txt}; asserts nothing about time. Runs only with {@code -Drunway.bench=true}
 * ({@code bench/schedules.sh}); {@code -Drunway.bench.minutes} sets the minutes measured (default 5),
 * {@code -Drunway.bench.deployments} the deployments (default 1000).
 */
@EnabledIfSystemProperty(named = "runway.bench", matches = "true")
class SchedulesBenchmark {

    private static final String KEY = "rwk_bench-admin-key";
    private static final int MINUTES = Integer.getInteger("runway.bench.minutes", 5);
    private static final int DEPLOYMENTS = Integer.getInteger("runway.bench.deployments", 1000);
    /** Whether dispatches are launched in this process (by a launcher that starts nothing) or taken away. */
    private static final boolean LAUNCHES = Boolean.getBoolean("runway.bench.launches");
    private static final Path REPORT = Path.of("target", "schedules-benchmark.txt");

    /** Launches nothing, at once: what is measured ends at PENDING. Registered as a source, never scanned. */
    static class NoLaunches {

        @Bean
        @Primary
        Launchers benchLaunchers() {
            return FakeLauncher.launchers(request -> "fake:" + request.run().id());
        }
    }

    /**
     * A transport that takes each dispatch and keeps it, as Pub/Sub does for a launcher elsewhere: the outbox is
     * drained, nothing is launched in this process.
     */
    static class DispatchesTakenAway {

        @Bean
        @Primary
        DispatchTransport benchTransport() {
            return dispatch -> CompletableFuture.completedFuture(DispatchTransport.Redelivery.BY_TRANSPORT);
        }
    }

    private record Lag(Instant due, String deployment, long millis) {
    }

    /** When each schedule's run was announced PENDING, by run id. */
    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    @Test
    void everyMinuteSchedulesOfAThousandDeploymentsAndALoneOne() throws Exception {
        TestDatabase database = TestDatabase.postgres();
        String[] args = Map.of("server.port", "0",
                        "runway.home", Files.createTempDirectory("runway-bench-schedules").toString(),
                        "runway.auth.api-key", KEY,
                        "runway.deployments.register-on-start", "false",
                        "runway.local-pool.concurrency-limit", "1000000",
                        "runway.crash.launch-timeout", "1h",
                        "spring.datasource.url", database.url(),
                        "spring.datasource.username", "postgres")
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        Class<?> launching = LAUNCHES ? NoLaunches.class : DispatchesTakenAway.class;
        try (ConfigurableApplicationContext controlPlane = SpringApplication.run(
                new Class<?>[] {ControlPlaneApplication.class, launching}, args)) {
            controlPlane.addApplicationListener(event -> {
                if (event instanceof PayloadApplicationEvent<?> payload
                        && payload.getPayload() instanceof FlowRunStateChanged change
                        && change.run().state().type() == StateType.PENDING && change.run().scheduleId() != null) {
                    pending.putIfAbsent(change.run().id(), Instant.now());
                }
            });
            ApiClient api = new ApiClient("http://127.0.0.1:" + controlPlane.getEnvironment()
                    .getProperty("local.server.port"), KEY);
            for (int i = 0; i < DEPLOYMENTS; i++) {
                require(api.put("/api/deployments/every-minute-%04d".formatted(i),
                        "{\"flowName\":\"hello\",\"schedules\":[{\"cron\":\"* * * * *\"}]}"));
            }
            require(api.put("/api/deployments/lone", "{\"flowName\":\"hello\",\"schedules\":[{\"cron\":\"15 * * * * *\"}]}"));

            Instant from = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            Instant until = from.plus(Duration.ofMinutes(MINUTES));
            sleepUntil(from);
            Map<String, Long> cpuBefore = cpu();
            sleepUntil(until);
            Map<String, Long> cpuAfter = cpu();
            sleepUntil(until.plusSeconds(20));

            List<Lag> lags = lags(JdbcClient.create(controlPlane.getBean(DataSource.class)), from, until);
            String report = report(lags, from, cpuBefore, cpuAfter);
            System.out.print(report);
            Files.writeString(REPORT, report);
        } finally {
            database.drop();
        }
    }

    private List<Lag> lags(JdbcClient jdbc, Instant from, Instant until) {
        return jdbc.sql("""
                        select id, expected_start_time, deployment_name from flow_runs
                        where created_by like 'schedule:%' and expected_start_time >= ? and expected_start_time < ?""")
                .params(from.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> {
                    Instant due = rs.getObject("expected_start_time", OffsetDateTime.class).toInstant();
                    Instant announced = pending.get(rs.getObject("id", UUID.class));
                    return new Lag(due, rs.getString("deployment_name"),
                            announced == null ? -1 : Duration.between(due, announced).toMillis());
                }).list();
    }

    private static String report(List<Lag> lags, Instant from, Map<String, Long> cpuBefore, Map<String, Long> cpuAfter) {
        List<String> lines = new ArrayList<>();
        lines.add("%d deployments with an every-minute cron, PostgreSQL, %d minutes from %s; ms from fire time to PENDING committed"
                .formatted(DEPLOYMENTS, MINUTES, from));
        lines.add(LAUNCHES ? "dispatches launched in this process (local transport), by a launcher that starts nothing"
                : "dispatches taken by a transport that launches nothing here (as Pub/Sub hands them to a launcher)");
        lines.add("%-34s %6s %8s %7s %7s %7s".formatted("", "runs", "missing", "p50", "p99", "max"));
        Map<Instant, List<Lag>> bursts = new TreeMap<>();
        lags.stream().filter(lag -> !lag.deployment().equals("lone"))
                .forEach(lag -> bursts.computeIfAbsent(lag.due(), due -> new ArrayList<>()).add(lag));
        bursts.forEach((due, burst) -> lines.add(row("burst at " + due, burst)));
        lines.add(row("all bursts", bursts.values().stream().flatMap(List::stream).toList()));
        lines.add(row("lone run at second 15", lags.stream().filter(lag -> lag.deployment().equals("lone")).toList()));
        for (String thread : cpuBefore.keySet()) {
            double perMinute = (cpuAfter.get(thread) - cpuBefore.get(thread)) / 1e6 / MINUTES;
            lines.add("CPU time of thread %s: %.0f ms per minute".formatted(thread, perMinute));
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static String row(String label, List<Lag> lags) {
        long[] sorted = lags.stream().mapToLong(Lag::millis).filter(ms -> ms >= 0).sorted().toArray();
        long missing = lags.stream().filter(lag -> lag.millis() < 0).count();
        if (sorted.length == 0) {
            return "%-34s %6d %8d".formatted(label, lags.size(), missing);
        }
        return "%-34s %6d %8d %7d %7d %7d".formatted(label, lags.size(), missing, percentile(sorted, 50),
                percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values: the smallest value at least {@code p}% of them are at most. */
    private static long percentile(long[] sorted, int p) {
        return sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
    }

    /** CPU time in ns of the scheduler's and the dispatcher's threads, by name. */
    private static Map<String, Long> cpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> times = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("runway-Scheduler") || thread.getName().equals("runway-Dispatcher")) {
                times.put(thread.getName(), threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return times;
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void require(ApiClient.Answer answer) {
        if (answer.status() != 201) {
            throw new IllegalStateException("answered " + answer.status() + ": " + answer.body());
        }
    }
}

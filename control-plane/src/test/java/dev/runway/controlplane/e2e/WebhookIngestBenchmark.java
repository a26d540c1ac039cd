package dev.runway.controlplane.e2e;

import static dev.runway.controlplane.webhooks.Signing.hubSignature;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runway.controlplane.ControlPlaneApplication;
import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.controlplane.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook ingest against PostgreSQL: how many signed deliveries per second a control plane accepts (202, each run
 * and its delivery record committed before the answer), from several concurrent clients over HTTP, each delivery
 * with its own id; and, for scale, how many rows per second a plain {@code INSERT} loop commits on the same database
 * with as many threads, the same connection pool size and rows as wide as a run a delivery makes; and, for comparison,
 * runs started through the API ({@code POST /api/deployments/hello/runs}) by as many clients. Background loops
 * are off, so runs are created and not launched: this is the cost of taking a delivery in, not of running it. Prints
 * the figures and writes them to {@code target/webhook-ingest.txt}; asserts nothing about time. Runs only with
 * {@code -Drunway.bench=true} ({@code bench/webhooks.sh}); {@code -Drunway.bench.clients} and
 * {@code -Drunway.bench.seconds} set the load.
 */
@EnabledIfSystemProperty(named = "runway.bench", matches = "true")
class WebhookIngestBenchmark {

    private static final String KEY = "rwk_bench-admin-key";
    private static final int CLIENTS = Integer.getInteger("runway.bench.clients", 8);
    private static final Duration LENGTH = Duration.ofSeconds(Integer.getInteger("runway.bench.seconds", 15));
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final int POOL_SIZE = 10;
    private static final Path REPORT = Path.of("target", "webhook-ingest.txt");

    /** What one measured phase did: operations and their latencies in ns. */
    private record Phase(long[] latencies, double seconds) {

        double perSecond() {
            return latencies.length / seconds;
        }

        String line(String what, String unit) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return "%-58s %8.0f %s/s   p50 %6.2f ms   p99 %6.2f ms   (%d in %.1f s)".formatted(what, perSecond(), unit,
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted.length, seconds);
        }
    }

    @Test
    void signedDeliveriesPerSecondAndTheirRatioToAPlainInsertLoop() throws Exception {
        TestDatabase database = TestDatabase.postgres();
        try {
            List<String> report = new ArrayList<>();
            Phase deliveries;
            Phase manualRuns;
            long rowWidth;
            try (ConfigurableApplicationContext controlPlane = start(database)) {
                String base = "http://127.0.0.1:" + controlPlane.getEnvironment().getProperty("local.server.port");
                ApiClient api = new ApiClient(base, KEY);
                require(api.put("/api/deployments/hello", "{\"flowName\":\"hello\",\"parameterSchema\":{\"type\":\"object\","
                        + "\"properties\":{\"name\":{\"type\":\"string\"},\"ref\":{\"type\":\"string\"}}}}"), 201);
                Answer created = require(api.post("/api/webhooks", "{\"slug\":\"bench\",\"deployment\":\"hello\","
                        + "\"template\":{\"name\":\"{{ body.sender.login }}\",\"ref\":\"{{ body.ref }}\"}}"), 201);
                String secret = created.json().get("secret").asString();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Callable<Long> delivery = () -> deliver(http, base, secret);
                Callable<Long> manual = () -> startRun(http, base);
                // both paths warmed up before either is measured, so neither runs on code the JIT has not compiled yet
                measure(delivery, WARM_UP);
                measure(manual, WARM_UP);
                deliveries = measure(delivery, LENGTH);
                manualRuns = measure(manual, LENGTH);
                JdbcClient jdbc = JdbcClient.create(database.dataSource());
                rowWidth = jdbc.sql("select avg(pg_column_size(r.*))::bigint from flow_runs r").query(Long.class).single();
                long runs = jdbc.sql("select count(*) from flow_runs where created_by = 'webhook:bench'").query(Long.class).single();
                long recorded = jdbc.sql("select count(*) from webhook_deliveries").query(Long.class).single();
                report.add("PostgreSQL %s, %d clients, connection pool %d, %d processors; %d runs by webhook:bench and %d delivery records stored"
                        .formatted(jdbc.sql("show server_version").query(String.class).single(), CLIENTS, POOL_SIZE,
                                Runtime.getRuntime().availableProcessors(), runs, recorded));
            }
            Phase inserts = insertLoop(database, rowWidth);
            report.add(deliveries.line("signed deliveries accepted (202, run + record committed)", "deliveries"));
            report.add(manualRuns.line("for comparison: runs started by POST /api/deployments/hello/runs", "runs"));
            report.add(inserts.line("plain INSERT loop, one row of " + rowWidth + " bytes per commit", "rows"));
            report.add("ratio: deliveries / plain inserts = %.2f".formatted(deliveries.perSecond() / inserts.perSecond()));
            report.forEach(System.out::println);
            Files.createDirectories(REPORT.toAbsolutePath().getParent());
            Files.writeString(REPORT, String.join("\n", report) + "\n");
        } finally {
            database.drop();
        }
    }

    private static long deliver(HttpClient http, String base, String secret) throws Exception {
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + UUID.randomUUID() + "\",\"sender\":{\"login\":\"octocat\"}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/hooks/bench"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", hubSignature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - started;
        if (response.statusCode() != 202) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
        }
        return took;
    }

    /** A run started through the API with the admin key, the parameters a delivery maps to. */
    private static long startRun(HttpClient http, String base) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/deployments/hello/runs"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"name\":\"octocat\",\"ref\":\"refs/heads/main\"}}"))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - started;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
        }
        return took;
    }

    /** As many threads as clients, each committing one row at a time through a pool of the control plane's size. */
    private static Phase insertLoop(TestDatabase database, long rowWidth) throws Exception {
        JdbcClient.create(database.dataSource()).sql("create table bench_rows (id uuid primary key, payload text not null,"
                + " created_at timestamp with time zone not null)").update();
        // the row's header, id and time take about 48 bytes of a row of that width
        String payload = "x".repeat((int) Math.max(1, rowWidth - 48));
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(POOL_SIZE);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Callable<Long> insert = () -> {
                long started = System.nanoTime();
                try (Connection connection = pool.getConnection();
                     PreparedStatement statement = connection.prepareStatement(
                             "insert into bench_rows (id, payload, created_at) values (?, ?, now())")) {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, payload);
                    statement.executeUpdate();
                }
                return System.nanoTime() - started;
            };
            measure(insert, WARM_UP);
            return measure(insert, LENGTH);
        }
    }

    /** Runs {@code operation} from {@link #CLIENTS} threads, each one after another, for {@code length}. */
    private static Phase measure(Callable<Long> operation, Duration length) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Long>>> clients = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newFixedThreadPool(CLIENTS)) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(threads.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (!stop.get()) {
                        mine.add(operation.call());
                    }
                    return mine;
                }));
            }
            Thread.sleep(length.toMillis()); // the measurement's length, not a wait for something to happen
            stop.set(true);
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> client : clients) {
                all.addAll(client.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Phase(all.stream().mapToLong(Long::longValue).toArray(), seconds);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database) throws Exception {
        Map<String, String> settings = Map.of("server.port", "0",
                "runway.home", Files.createTempDirectory("runway-bench-webhooks").toString(),
                "runway.auth.api-key", KEY,
                "runway.loops.enabled", "false",
                "runway.deployments.register-on-start", "false",
                "spring.datasource.url", database.url(),
                "spring.datasource.username", System.getenv().getOrDefault("RUNWAY_TEST_POSTGRES_USER", "postgres"),
                "spring.datasource.password", System.getenv().getOrDefault("RUNWAY_TEST_POSTGRES_PASSWORD", ""),
                "spring.datasource.hikari.maximum-pool-size", Integer.toString(POOL_SIZE),
                "logging.level.root", "WARN");
        return new SpringApplication(ControlPlaneApplication.class).run(settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }

    private static Answer require(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer;
    }
}

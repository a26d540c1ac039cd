import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates flow runs as fast as CLIENTS concurrent clients can, for SECONDS, and prints runs/s and latency
 * percentiles. Runs are scheduled a day ahead, so the figure is the API + database cost of an
 * acknowledged run, not of running it. Usage: java bench/CreateRuns.java URL API_KEY CLIENTS SECONDS
 */
public class CreateRuns {

    public static void main(String[] args) throws Exception {
        String url = args[0] + "/api/deployments/hello/runs";
        String key = args[1];
        int clients = Integer.parseInt(args[2]);
        Duration length = Duration.ofSeconds(Long.parseLong(args[3]));
        String body = "{\"parameters\":{\"name\":\"Bench\"},\"scheduledTime\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}";
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build();

        runFor(http, request, clients, Duration.ofSeconds(3)); // warm-up, not counted
        long started = System.nanoTime();
        long[] latencies = runFor(http, request, clients, length);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("%d clients: %d runs in %.1f s = %.0f runs/s; latency p50 %.1f ms, p99 %.1f ms%n", clients,
                latencies.length, seconds, latencies.length / seconds, latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6);
    }

    private static long[] runFor(HttpClient http, HttpRequest request, int clients, Duration length) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Long>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("answered " + response.statusCode());
                        }
                        mine.add(System.nanoTime() - t);
                    }
                    return mine;
                }));
            }
            Thread.sleep(length.toMillis());
            stop.set(true);
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        }
    }
}

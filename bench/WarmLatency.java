import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a warm runner ({@code java -jar runway-runner.jar --warm}, RUNWAY_WARM_INBOX=stdin) with {@code hello}: how
 * long after its JVM started it says "warm worker ready", then, for WARM_UP + RUNS start messages written to its stdin
 * one after another (the first WARM_UP not counted), the time from a message written to the runner's
 * "Running flow hello" line and to its "Reported COMPLETED" line, as this harness reads them from the runner's output.
 * The control plane is a stand-in on a loopback port that accepts whatever the runner proposes. Only the JDK is needed.
 * Usage: java bench/WarmLatency.java RUNNER_JAR RUNS WARM_UP [JVM option …]
 */
public class WarmLatency {

    private static final Pattern READY = Pattern.compile("warm worker ready, (\\d+) ms after JVM start");
    private static final Pattern RUN_PATH = Pattern.compile("/api/runner/flow-runs/([0-9a-f-]{36})(/[a-z-]+)?");
    private static final long LINE_TIMEOUT_SECONDS = 60;

    private record Line(long nanos, String text) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        List<String> jvmOptions = Arrays.asList(args).subList(3, args.length);
        Path results = Files.createTempDirectory("runway-warm-bench");
        HttpServer controlPlane = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        controlPlane.createContext("/api/runner/flow-runs/", WarmLatency::answer);
        controlPlane.start();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--warm"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RUNWAY_WARM_INBOX", "stdin");
        builder.environment().put("RUNWAY_API_URL", "http://127.0.0.1:" + controlPlane.getAddress().getPort());
        builder.environment().put("RUNWAY_RESULT_STORE", results.toUri().toString());
        long started = System.nanoTime();
        Process runner = builder.start();
        BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
                for (String text = out.readLine(); text != null; text = out.readLine()) {
                    lines.add(new Line(System.nanoTime(), text));
                }
            } catch (IOException e) {
                lines.add(new Line(System.nanoTime(), "(output lost: " + e + ")"));
            }
        });
        try {
            Line ready = await(lines, "warm worker ready");
            Matcher readyAt = READY.matcher(ready.text());
            readyAt.find();
            System.out.printf("warm worker ready %s ms after JVM start (the runner's own figure); %d ms after exec%n",
                    readyAt.group(1), (ready.nanos() - started) / 1_000_000);
            long[] toRunning = new long[runs];
            long[] toReported = new long[runs];
            OutputStream stdin = runner.getOutputStream();
            for (int i = 0; i < warmUp + runs; i++) {
                UUID runId = UUID.randomUUID();
                long written = System.nanoTime();
                stdin.write(("{\"env\":{\"RUNWAY_RUN_ID\":\"" + runId + "\",\"RUNWAY_ATTEMPT\":\"1\",\"RUNWAY_RUN_TOKEN\":\"bench\"}}\n")
                        .getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Line running = await(lines, "Running flow hello (flow run " + runId);
                Line reported = await(lines, "Reported COMPLETED for flow run " + runId);
                if (i >= warmUp) {
                    toRunning[i - warmUp] = running.nanos() - written;
                    toReported[i - warmUp] = reported.nanos() - written;
                }
            }
            stdin.close();
            System.out.printf("hello, %d start messages one after another after %d not counted; ms from the message written%n",
                    runs, warmUp);
            print("message → \"Running flow hello\"", toRunning);
            print("message → COMPLETED reported", toReported);
            if (!runner.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the runner did not exit after its stdin ended");
            }
        } finally {
            runner.destroyForcibly();
            controlPlane.stop(0);
            try (var files = Files.walk(results)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Line await(BlockingQueue<Line> lines, String text) throws InterruptedException {
        while (true) {
            Line line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the runner wrote no '" + text + "' in " + LINE_TIMEOUT_SECONDS + " s");
            }
            if (line.text().contains(text)) {
                return line;
            }
        }
    }

    private static void print(String step, long[] nanos) {
        long[] sorted = Arrays.stream(nanos).sorted().toArray();
        System.out.printf("%-36s median %6.1f   min %6.1f   max %6.1f%n", step, sorted[(sorted.length - 1) / 2] / 1e6,
                sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** As the control plane would, for any run: accepts every proposal, serves {@code hello} with no parameters. */
    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Matcher path = RUN_PATH.matcher(exchange.getRequestURI().getPath());
            String body;
            if (!path.matches()) {
                body = null;
            } else if (path.group(2) == null) {
                body = "{\"id\":\"" + path.group(1) + "\",\"name\":\"bench\",\"flowName\":\"hello\",\"runCount\":1,"
                        + "\"parameters\":{},\"state\":" + state() + "}";
            } else {
                body = switch (path.group(2)) {
                    case "/claim", "/state" -> "{\"status\":\"ACCEPT\",\"state\":" + state() + "}";
                    case "/heartbeat" -> "{\"state\":\"RUNNING\",\"cancelRequested\":false}";
                    default -> null;
                };
            }
            byte[] json = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 204 : 200, body == null ? -1 : json.length);
            exchange.getResponseBody().write(json);
        }
    }

    private static String state() {
        return "{\"type\":\"RUNNING\",\"name\":\"Running\",\"timestamp\":\"" + Instant.now() + "\"}";
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs {@code hello} WARM_UP + RUNS times, one after another, on a control plane that starts runners through a
 * wrapper writing "<run id> <epoch ns>" to EXECS just before it execs java, and prints the median and range of each
 * step from that exec: the claim answered (the RUNNING state's timestamp), the flow started and the flow function
 * returned (the timestamps of the runner's "Running flow" and "Flow hello returned" log lines, as shipped), and
 * COMPLETED reported (the COMPLETED state's timestamp). Only the JDK is needed, so JSON is read with patterns.
 * Usage: java bench/RunnerStartup.java URL API_KEY EXECS RUNS WARM_UP
 */
public class RunnerStartup {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATE_TYPE = Pattern.compile("\"state\"\\s*:\\s*\\{[^}]*?\"type\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern STATE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z]+)\"[^}]*?\"timestamp\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern LOG = Pattern.compile("\"timestamp\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> STEPS = List.of("exec → claim answered", "exec → flow started",
            "exec → function returned", "exec → COMPLETED reported");

    private static HttpClient http;
    private static String url;
    private static String key;

    public static void main(String[] args) throws Exception {
        url = args[0];
        key = args[1];
        Path execs = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        http = HttpClient.newHttpClient();
        List<long[]> timings = new ArrayList<>();
        for (int i = 0; i < warmUp + runs; i++) {
            long[] steps = runOnce(execs);
            if (i >= warmUp) {
                timings.add(steps);
            }
        }
        System.out.printf("hello, %d runs one after another after %d not counted; ms from exec of the runner's JVM%n",
                runs, warmUp);
        for (int step = 0; step < STEPS.size(); step++) {
            int s = step;
            long[] sorted = timings.stream().mapToLong(t -> t[s]).sorted().toArray();
            System.out.printf("%-28s median %5d   min %5d   max %5d%n", STEPS.get(step), sorted[(sorted.length - 1) / 2],
                    sorted[0], sorted[sorted.length - 1]);
        }
    }

    private static long[] runOnce(Path execs) throws Exception {
        String created = send("POST", "/api/deployments/hello/runs", "{\"parameters\":{\"name\":\"Bench\"}}");
        String id = first(ID, created);
        Instant deadline = Instant.now().plusSeconds(60);
        String state;
        while (!(state = first(STATE_TYPE, send("GET", "/api/flow-runs/" + id, null))).equals("COMPLETED")) {
            if (state.equals("FAILED") || state.equals("CRASHED") || state.equals("CANCELLED") || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("run " + id + " is " + state);
            }
            Thread.sleep(50);
        }
        Map<String, Instant> states = new java.util.HashMap<>();
        Matcher m = STATE.matcher(send("GET", "/api/flow-runs/" + id + "/states", null));
        while (m.find()) {
            states.putIfAbsent(m.group(1), Instant.parse(m.group(2)));
        }
        Instant flowStarted = null;
        Instant returned = null;
        Matcher l = LOG.matcher(send("GET", "/api/flow-runs/" + id + "/logs", null));
        while (l.find()) {
            if (l.group(2).startsWith("Running flow hello")) {
                flowStarted = Instant.parse(l.group(1));
            } else if (l.group(2).startsWith("Flow hello returned")) {
                returned = Instant.parse(l.group(1));
            }
        }
        Instant exec = execOf(execs, id);
        Function<Instant, Long> since = at -> Duration.between(exec, at).toMillis();
        return new long[] {since.apply(states.get("RUNNING")), since.apply(flowStarted), since.apply(returned),
                since.apply(states.get("COMPLETED"))};
    }

    private static Instant execOf(Path execs, String id) throws Exception {
        List<String> lines = Files.readAllLines(execs).stream().filter(line -> line.startsWith(id + " ")).toList();
        if (lines.size() != 1) {
            throw new IllegalStateException("run " + id + " was started " + lines.size() + " times: " + lines);
        }
        long nanos = Long.parseLong(lines.getFirst().substring(id.length() + 1).strip());
        return Instant.ofEpochSecond(0, nanos);
    }

    private static String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String first(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + json);
        }
        return m.group(1);
    }
}

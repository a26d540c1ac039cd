package dev.runway.controlplane.e2e;

import dev.runway.controlplane.ControlPlaneApplication;
import dev.runway.controlplane.api.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The control plane as a separate JVM on a fixed home and port, so a test can {@code kill -9} it at the
 * worst moment and start it again on the same database, while the runners it started live on.
 */
final class ControlPlaneProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final int port;
    private final Map<String, String> properties;
    private final List<ProcessHandle> everStarted = new ArrayList<>();
    private Process process;

    ControlPlaneProcess(Path home, Map<String, String> properties) {
        this.home = home;
        this.port = freePort();
        this.properties = properties;
    }

    ApiClient api(String key) {
        return new ApiClient("http://127.0.0.1:" + port, key);
    }

    /** Starts the JVM and returns once {@code /api/health} answers 200 (deployments registered). */
    ControlPlaneProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ControlPlaneApplication.class.getName(), "--server.port=" + port, "--runway.home=" + home));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("control-plane.log").toFile()))
                .start();
        everStarted.add(process.toHandle());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the control plane exited with " + process.exitValue()
                        + "; see " + home.resolve("control-plane.log"));
            }
            try {
                if (api(null).get("/api/health").status() == 200) {
                    return this;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the control plane did not become healthy within " + READY_TIMEOUT);
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, no flush. Its runners keep running. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops every control plane started here and every runner they started. */
    @Override
    public void close() {
        for (ProcessHandle started : everStarted) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(home.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

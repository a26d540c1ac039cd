package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The local launcher: each attempt is a child process running the runner jar. */
@Component
@ConditionalOnProperty(name = "runway.launcher.type", havingValue = "process", matchIfMissing = true)
public class ProcessLauncher implements Launcher {

    static final String PREFIX = "process:";
    private static final long STOP_GRACE_SECONDS = 5;
    private static final int LAST_LINE_LENGTH = 300;

    private final RunwayProperties properties;
    private final RunnerJar runnerJar;
    private final Environment environment;

    public ProcessLauncher(RunwayProperties properties, RunnerJar runnerJar, Environment environment) {
        this.properties = properties;
        this.runnerJar = runnerJar;
        this.environment = environment;
    }

    @Override
    public String launch(LaunchRequest request, ExitListener onExit) {
        List<String> command = runnerJar.command(List.of());
        Path log = properties.home().resolve("runs").resolve(request.run().id() + "-" + request.attempt() + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.put("RUNWAY_API_URL", apiUrl());
            env.put("RUNWAY_RUN_ID", request.run().id().toString());
            env.put("RUNWAY_RUN_TOKEN", request.runToken());
            env.put("RUNWAY_RESULT_STORE", properties.resultsFolder().toAbsolutePath().normalize().toUri().toString());
            env.put("RUNWAY_HEARTBEAT_SECONDS", Integer.toString(properties.launcher().heartbeatSeconds()));
            env.putAll(RunnerLimits.environment(properties, request));
            Process process = builder.start();
            String id = PREFIX + process.pid();
            process.onExit().thenAccept(done -> onExit.exited(id, describeExit(done.exitValue()) + lastLine(log)));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    @Override
    public void stop(String infrastructureId) {
        if (infrastructureId == null || !infrastructureId.startsWith(PREFIX)) {
            return;
        }
        long pid = Long.parseLong(infrastructureId.substring(PREFIX.length()));
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroy();
            process.onExit().orTimeout(STOP_GRACE_SECONDS, TimeUnit.SECONDS)
                    .exceptionally(stillRunning -> {
                        process.destroyForcibly();
                        return process;
                    });
        });
    }

    private String apiUrl() {
        String configured = properties.apiUrl();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", "4200");
    }

    /** The runner's last words, so a run that crashed before it could report says why. */
    private static String lastLine(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> !line.isBlank() && !line.startsWith("\tat "))
                    .reduce((first, second) -> second)
                    .map(line -> "; its log ends: " + abbreviate(line.strip()))
                    .orElse("");
        } catch (IOException | UncheckedIOException unreadable) {
            return "";
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= LAST_LINE_LENGTH ? line : line.substring(0, LAST_LINE_LENGTH) + "…";
    }

    private static String describeExit(int code) {
        return code > 128 ? "process was killed (exit code " + code + ", signal " + (code - 128) + ")"
                : "process exited with code " + code;
    }
}

package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.home.PrivateFiles;
import dev.runway.model.WorkPoolSpec;
import dev.runway.controlplane.pools.ProcessTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The local launcher: each attempt is a child process running the runner jar, with a runner's
 * environment ({@link RunnerEnvironment}, with the {@code env} of the run's job template) and its output in
 * {@code <home>/runs/<run id>-<attempt>.log}. Nothing else of the job template concerns a local process.
 *
 * <p>Its infrastructure id {@code process:<pid>:<start>} names the process by pid and start instant
 * (epoch milliseconds): a control plane that restarted, or a machine that rebooted, may find the pid
 * given to another process, which {@link #stop} then leaves alone.
 */
@Component
public class ProcessLauncher implements Launcher {

    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
    static final String PREFIX = "process:";
    private static final long STOP_GRACE_SECONDS = 5;
    private static final int LAST_LINE_LENGTH = 300;

    private final RunwayProperties properties;
    private final RunnerJar runnerJar;
    private final RunnerEnvironment runnerEnvironment;
    private final RunnerVariables variables;

    public ProcessLauncher(RunwayProperties properties, RunnerJar runnerJar, RunnerEnvironment runnerEnvironment,
                           RunnerVariables variables) {
        this.properties = properties;
        this.runnerJar = runnerJar;
        this.runnerEnvironment = runnerEnvironment;
        this.variables = variables;
    }

    @Override
    public String poolType() {
        return WorkPoolSpec.PROCESS;
    }

    @Override
    public boolean owns(String infrastructureId) {
        return infrastructureId.startsWith(PREFIX);
    }

    @Override
    public String launch(LaunchRequest request, ExitListener onExit) {
        Map<String, String> job = ProcessTemplate.environment(request.jobTemplate());
        List<String> command = runnerJar.command(List.of());
        Path log = properties.home().resolve("runs").resolve(request.run().id() + "-" + request.attempt() + ".log");
        try {
            PrivateFiles.createFolders(log.getParent());
            PrivateFiles.createFileIfAbsent(log);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            runnerEnvironment.applyTo(builder, job, variables.forRun(request));
            Process process = builder.start();
            String id = infrastructureId(process.toHandle());
            process.onExit().thenAccept(done -> onExit.exited(id, describeExit(done.exitValue()) + lastLine(log)));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Stops the runner the id names, if that process still runs; a process that merely got its pid is left alone. */
    @Override
    public void stop(String infrastructureId) {
        if (!owns(infrastructureId)) {
            return;
        }
        Optional<StartedProcess> recorded = StartedProcess.parse(infrastructureId);
        if (recorded.isEmpty()) {
            log.warn("not stopping {}: it does not say when its process started, so its pid may be another's by now",
                    infrastructureId);
            return;
        }
        ProcessHandle.of(recorded.get().pid()).ifPresent(process -> {
            if (isRunner(process.info(), recorded.get().startMillis())) {
                terminate(process);
            } else {
                log.info("not stopping {}: process {} is not that runner any more", infrastructureId, process.pid());
            }
        });
    }

    private boolean isRunner(ProcessHandle.Info info, long startMillis) {
        boolean sameStart = info.startInstant().map(s -> s.toEpochMilli() == startMillis).orElse(false);
        boolean java = info.command().map(c -> Path.of(c).getFileName().toString())
                .map(name -> name.equals("java") || name.equals("java.exe")).orElse(false);
        // not every OS shows another process's arguments; where it does, they must start the runner jar
        boolean runnerJarOrUnknown = info.arguments().map(this::startsTheRunnerJar).orElse(true);
        return sameStart && java && runnerJarOrUnknown;
    }

    private boolean startsTheRunnerJar(String[] arguments) {
        int jar = Arrays.asList(arguments).indexOf("-jar");
        return jar >= 0 && jar + 1 < arguments.length && runnerJar.isRunnerJar(Path.of(arguments[jar + 1]));
    }

    private static void terminate(ProcessHandle process) {
        process.destroy();
        process.onExit().orTimeout(STOP_GRACE_SECONDS, TimeUnit.SECONDS)
                .exceptionally(stillRunning -> {
                    process.destroyForcibly();
                    return process;
                });
    }

    /** A process as its infrastructure id names it. */
    private record StartedProcess(long pid, long startMillis) {
        static Optional<StartedProcess> parse(String infrastructureId) {
            String[] parts = infrastructureId.substring(PREFIX.length()).split(":");
            try {
                return parts.length == 2 ? Optional.of(new StartedProcess(Long.parseLong(parts[0]), Long.parseLong(parts[1])))
                        : Optional.empty();
            } catch (NumberFormatException malformed) {
                return Optional.empty();
            }
        }
    }

    private static String infrastructureId(ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        if (started.isEmpty()) {
            log.warn("the OS does not tell when runner process {} started; it cannot be stopped by its id", process.pid());
            return PREFIX + process.pid();
        }
        return PREFIX + process.pid() + ":" + started.get().toEpochMilli();
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

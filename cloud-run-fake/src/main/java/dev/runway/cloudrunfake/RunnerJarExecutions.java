package dev.runway.cloudrunfake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes each execution of a {@link CloudRunFake} the runner jar as a local process with the execution's environment,
 * as a Cloud Run task would run the image: it ends the execution as the process exits, and a cancelled execution
 * stops its process. {@link #pause} leaves new executions without a runner, to play ones that fail before it starts.
 */
public final class RunnerJarExecutions implements AutoCloseable {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final CloudRunFake fake;
    private final Path runnerJar;
    private final Path logs;
    private final Map<String, Process> runners = new ConcurrentHashMap<>();
    private volatile boolean starting = true;

    /** @param logs where each execution's output goes, as {@code <execution id>.log} */
    public RunnerJarExecutions(CloudRunFake fake, Path runnerJar, Path logs) {
        this.fake = fake;
        this.runnerJar = runnerJar;
        this.logs = logs;
        fake.onExecution(this::start);
        fake.onCancel(name -> {
            Process runner = runners.get(name);
            if (runner != null) {
                runner.destroy();
            }
        });
    }

    /** New executions start no runner until {@link #resume}. */
    public void pause() {
        starting = false;
    }

    public void resume() {
        starting = true;
    }

    private void start(CloudRunFake.Started started) {
        if (!starting) {
            return;
        }
        try {
            Path log = logs.resolve(started.name().substring(started.name().lastIndexOf('/') + 1) + ".log");
            ProcessBuilder builder = new ProcessBuilder(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                    runnerJar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(started.env());
            Process runner = builder.start();
            runners.put(started.name(), runner);
            runner.onExit().thenAccept(done -> fake.complete(started.name(), done.exitValue() == 0,
                    "Task " + started.name() + "-task0 failed with exit code " + done.exitValue()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the runner for " + started.name(), e);
        }
    }

    @Override
    public void close() {
        runners.values().forEach(Process::destroyForcibly);
    }
}

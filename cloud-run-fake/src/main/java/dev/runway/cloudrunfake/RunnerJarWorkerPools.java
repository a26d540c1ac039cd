package dev.runway.cloudrunfake;

import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.WorkerPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the instances of each {@link CloudRunFake} worker pool local processes of the runner jar, started with the
 * container's args and environment, as Cloud Run would run the image: each revision starts its
 * {@code manualInstanceCount} instances and sends the previous revision's instances SIGTERM, so they drain.
 */
public final class RunnerJarWorkerPools implements AutoCloseable {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final Path runnerJar;
    private final Path logs;
    private final Map<String, List<Process>> instances = new ConcurrentHashMap<>();

    /** @param logs where each instance's output goes, as {@code <worker pool id>-<generation>-<n>.log} */
    public RunnerJarWorkerPools(CloudRunFake fake, Path runnerJar, Path logs) {
        this.runnerJar = runnerJar;
        this.logs = logs;
        fake.onWorkerPool(this::deploy);
    }

    /** The running instances of the worker pool {@code name}, newest revision's only. */
    public List<Process> instances(String name) {
        return instances.getOrDefault(name, List.of()).stream().filter(Process::isAlive).toList();
    }

    private void deploy(WorkerPool pool) {
        Container container = pool.getTemplate().getContainers(0);
        List<Process> started = new ArrayList<>();
        String id = pool.getName().substring(pool.getName().lastIndexOf('/') + 1);
        for (int n = 0; n < pool.getScaling().getManualInstanceCount(); n++) {
            List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                    runnerJar.toString()));
            command.addAll(container.getArgsList());
            Path log = logs.resolve(id + "-" + pool.getGeneration() + "-" + n + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            container.getEnvList().forEach(variable -> builder.environment().put(variable.getName(), variable.getValue()));
            try {
                started.add(builder.start());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start an instance of " + pool.getName(), e);
            }
        }
        List<Process> previous = instances.put(pool.getName(), List.copyOf(started));
        if (previous != null) {
            previous.forEach(Process::destroy);
        }
    }

    @Override
    public void close() {
        instances.values().forEach(revision -> revision.forEach(Process::destroyForcibly));
    }
}

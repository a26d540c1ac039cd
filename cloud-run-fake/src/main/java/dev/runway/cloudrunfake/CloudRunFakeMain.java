package dev.runway.cloudrunfake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar runway-cloud-run-fake.jar [--port 8086] [--runner-jar functions/target/runway-runner.jar]
 * [--logs DIR]}: a local stand-in for the Cloud Run Admin API whose job executions and worker pool instances are the
 * runner jar run as local processes, so a control plane with {@code runway.cloud-run.plaintext=true} can run
 * {@code cloud-run} and {@code cloud-run-worker-pool} pools here.
 */
public final class CloudRunFakeMain {

    private CloudRunFakeMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 8086;
        Path runnerJar = Path.of("functions", "target", "runway-runner.jar");
        Path logs = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--runner-jar" -> runnerJar = Path.of(required(args[i], value));
                case "--logs" -> logs = Path.of(required(args[i], value));
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; options: --port N, --runner-jar PATH, --logs DIR");
                    System.exit(2);
                }
            }
            i++;
        }
        if (!Files.isRegularFile(runnerJar)) {
            System.err.println("no runner jar at " + runnerJar.toAbsolutePath() + " (build it: ./mvnw -q install -DskipTests)");
            System.exit(2);
        }
        logs = logs != null ? Files.createDirectories(logs) : Files.createTempDirectory("runway-cloud-run-fake");
        CloudRunFake fake = new CloudRunFake(port);
        RunnerJarExecutions executions = new RunnerJarExecutions(fake, runnerJar.toAbsolutePath(), logs);
        RunnerJarWorkerPools workerPools = new RunnerJarWorkerPools(fake, runnerJar.toAbsolutePath(), logs);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            executions.close();
            workerPools.close();
            try {
                fake.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }));
        System.out.println("Cloud Run fake on " + fake.endpoint() + " (plaintext); executions run " + runnerJar
                + ", their output in " + logs);
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }
}

package dev.runway.cli;

import dev.runway.model.DescribedDeployments;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;

/**
 * Runs {@code java -jar <runner jar> --describe [--deployments=<file>]}, which prints only
 * {@code {"deployments":[...],"problems":[...]}} on stdout, and exits 2 with a message on stderr when the file cannot
 * be read as a deployments list at all.
 */
final class RunnerJarDescriber implements DeploymentDescriber {

    private static final long TIMEOUT_SECONDS = 120;
    /** A timestamped log line, such as Spring Boot's start-up lines, which may come before the runner's message. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*");

    private final Path java;

    RunnerJarDescriber(Path java) {
        this.java = java;
    }

    /** The runner starts on the same JDK as the CLI, which {@code ./runway} chose to be recent enough. */
    static RunnerJarDescriber withCurrentJava() {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new RunnerJarDescriber(java);
    }

    @Override
    public DescribedDeployments describe(Path runnerJar, Optional<Path> deploymentsFile) {
        if (!Files.isRegularFile(runnerJar)) {
            throw new CommandFailure("no runner jar at " + runnerJar
                    + "\n  deploy from the repo root or pass --runner-jar; ./mvnw -B -DskipTests install builds it");
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", runnerJar.toString(), "--describe"));
        deploymentsFile.ifPresent(file -> command.add("--deployments=" + file));
        Process process = start(command);
        // Both pipes are drained on the side: a chatty runner cannot block on a full pipe, and a hung one times out.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        int exit = waitFor(process);
        if (exit != 0) {
            throw new CommandFailure(failure(runnerJar, exit, errors.join()));
        }
        try {
            return Json.mapper().readValue(output.join(), DescribedDeployments.class);
        } catch (JacksonException e) {
            throw new CommandFailure("the runner jar " + runnerJar + " printed something other than"
                    + " {\"deployments\":[...]} for --describe: " + e.getOriginalMessage(), e);
        }
    }

    /** The runner's own message without the log lines before it; the log's end when there is nothing else. */
    private static String failure(Path runnerJar, int exit, String stderr) {
        List<String> lines = stderr.strip().lines().toList();
        String message = String.join("\n", lines.stream().filter(line -> !LOG_LINE.matcher(line).matches()).toList());
        if (!message.isBlank()) {
            return message.strip();
        }
        return "the runner jar " + runnerJar + " exited with " + exit + " while describing its deployments"
                + lines.subList(Math.max(0, lines.size() - 10), lines.size()).stream()
                        .map(line -> "\n  " + line).collect(Collectors.joining());
    }

    private static Process start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new CommandFailure("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CommandFailure("the runner jar did not describe its deployments within " + TIMEOUT_SECONDS + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted", e);
        }
    }

    private static String text(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

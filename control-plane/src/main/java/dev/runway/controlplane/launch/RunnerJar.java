package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.home.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The runner jar as this control plane starts it. A runner's start is most of a run's latency, so
 * the jar is unpacked once per version into {@code <home>/runner/<version>/} (plain jars on the class
 * path) and its first describe run writes a class-data archive there that every runner then maps
 * instead of loading and verifying the same classes again (about a second less per start on 2 cores).
 * When unpacking fails the fat jar is started as it is. What it writes there is the owner's alone, and
 * the describe run gets a runner's environment, not the control plane's: it runs the flows' code too.
 */
@Component
public class RunnerJar {

    private static final Logger log = LoggerFactory.getLogger(RunnerJar.class);
    private static final String JAR = "runway-runner.jar";
    private static final String ARCHIVE = "runner.jsa";
    private static final String DESCRIBED = "described.json";
    private static final long DESCRIBE_TIMEOUT_SECONDS = 120;

    private final RunwayProperties properties;
    private final RunnerEnvironment runnerEnvironment;
    private final Path installations;

    public RunnerJar(RunwayProperties properties, RunnerEnvironment runnerEnvironment) {
        this.properties = properties;
        this.runnerEnvironment = runnerEnvironment;
        this.installations = properties.home().resolve("runner");
    }

    public Path fatJar() {
        return properties.launcher().runnerJar().toAbsolutePath().normalize();
    }

    /** Whether {@code jar} is the runner jar, as configured or unpacked (of any version). */
    boolean isRunnerJar(Path jar) {
        Path normalized = jar.toAbsolutePath().normalize();
        return normalized.equals(fatJar())
                || normalized.startsWith(installations.toAbsolutePath().normalize()) && normalized.endsWith(JAR);
    }

    /** The command that starts a runner, JVM options first. */
    public List<String> command(List<String> args) {
        Path fat = fatJar();
        if (!Files.isRegularFile(fat)) {
            throw new IllegalStateException("runner jar " + fat + " not found; build it with ./mvnw -DskipTests install");
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        // JVM warnings (class-data sharing has a few) go to stdout by default, where describe writes its JSON
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.addAll(properties.launcher().jvmArgs());
        Path installed = install();
        Path archive = installed.resolveSibling(ARCHIVE);
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.add("-jar");
        command.add(installed.toString());
        command.addAll(args);
        return command;
    }

    /**
     * What {@code --describe} prints for this jar version: run once, then read back. The run also
     * writes the class-data archive, as it loads the flows' whole Spring context.
     */
    public synchronized byte[] describe() throws IOException, InterruptedException {
        Path installed = install();
        Path described = installed.resolveSibling(DESCRIBED);
        if (Files.isRegularFile(described)) {
            return Files.readAllBytes(described);
        }
        List<String> command = command(List.of("--describe"));
        Path partialArchive = installed.resolveSibling(ARCHIVE + ".partial");
        boolean training = !installed.equals(fatJar()) && !Files.isRegularFile(installed.resolveSibling(ARCHIVE));
        if (training) {
            command.add(1, "-XX:ArchiveClassesAtExit=" + partialArchive);
        }
        byte[] out = run(command);
        if (training && Files.isRegularFile(partialArchive)) {
            Files.move(partialArchive, installed.resolveSibling(ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
        }
        if (!installed.equals(fatJar())) {
            PrivateFiles.writeNew(described, out);
            PrivateFiles.tighten(installed.getParent());
        }
        return out;
    }

    /** The unpacked jar of the current version, or the fat jar when it cannot be unpacked. */
    private synchronized Path install() {
        Path fat = fatJar();
        try {
            String version = Files.size(fat) + "-" + Files.getLastModifiedTime(fat).toMillis();
            Path folder = installations.resolve(version);
            if (Files.isRegularFile(folder.resolve(JAR))) {
                return folder.resolve(JAR);
            }
            PrivateFiles.createFolders(installations);
            Path partial = Files.createTempDirectory(installations, version + ".partial");
            run(List.of(java(), "-Djarmode=tools", "-jar", fat.toString(), "extract", "--destination", partial.toString()));
            PrivateFiles.tighten(partial);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            removeOtherVersions(folder);
            log.info("runner jar {} unpacked into {}", fat.getFileName(), folder);
            return folder.resolve(JAR);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot unpack {} ({}); starting runners from it as it is", fat, e.getMessage());
            return fat;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fat;
        }
    }

    private void removeOtherVersions(Path keep) throws IOException {
        try (Stream<Path> versions = Files.list(installations)) {
            for (Path old : versions.filter(p -> !p.equals(keep)).toList()) {
                try (Stream<Path> tree = Files.walk(old)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private byte[] run(List<String> command) throws IOException, InterruptedException {
        // Both streams go to files, so a runner that hangs with its stdout open still meets the timeout.
        Path stdout = Files.createTempFile("runway-runner", ".out");
        Path stderr = Files.createTempFile("runway-runner", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            runnerEnvironment.applyTo(builder, Map.of(), Map.of());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over " + DESCRIBE_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return Files.readAllBytes(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private String java() {
        String configured = properties.launcher().java();
        return configured != null && !configured.isBlank() ? configured
                : ProcessHandle.current().info().command().orElse("java");
    }
}

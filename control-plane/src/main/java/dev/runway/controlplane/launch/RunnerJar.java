package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.home.PrivateFiles;
import jakarta.annotation.PreDestroy;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The runner jar as this control plane starts it. A runner's start is most of a run's latency, so the jar is unpacked
 * once per version into {@code <home>/runner/<version>/} (plain jars on the class path), and a training run
 * ({@code --train}: a describe and a whole run of a flow of the runner's own) records a start-up cache there, in the
 * background, for the JDK and JVM options that runners start with ({@link StartupCache}: the AOT cache on JDK 25, a
 * class-data archive before). Every runner started once it is there maps it instead of loading, linking and verifying
 * the same classes again; those started before, or when training fails, start without. When unpacking fails the fat
 * jar is started as it is. What it writes there is the owner's alone, and the training and describe runs get a
 * runner's environment, not the control plane's: they run the flows' code too.
 */
@Component
public class RunnerJar {

    private static final Logger log = LoggerFactory.getLogger(RunnerJar.class);
    private static final String JAR = "runway-runner.jar";
    private static final String DESCRIBED = "described.json";
    private static final long DESCRIBE_TIMEOUT_SECONDS = 120;
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
    private static final Pattern VERSION_OUTPUT = Pattern.compile("version \"([^\"]+)\"");

    private final RunwayProperties properties;
    private final RunnerEnvironment runnerEnvironment;
    private final Path installations;
    /** Unpacked versions trained (or training, or failed to) since the control plane started: trained once only. */
    private final Set<Path> trained = ConcurrentHashMap.newKeySet();
    private final ExecutorService training = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("runner-training").daemon().factory());
    private String javaVersionOf;
    private StartupCache cache;

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
        Installed installed = install();
        return command(installed.jar(), installed.cacheOption(), args);
    }

    private List<String> command(Path jar, String cacheOption, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        // JVM warnings (class-data sharing has a few) go to stdout by default, where describe writes its JSON
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.addAll(properties.launcher().jvmArgs());
        if (cacheOption != null) {
            command.add(cacheOption);
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** What {@code --describe} prints for this jar version: run once, then read back. */
    public synchronized byte[] describe() throws IOException, InterruptedException {
        Path installed = install().jar();
        Path described = installed.resolveSibling(DESCRIBED);
        if (Files.isRegularFile(described)) {
            return Files.readAllBytes(described);
        }
        byte[] out = run(command(List.of("--describe")));
        if (!installed.equals(fatJar())) {
            PrivateFiles.writeNew(described, out);
            PrivateFiles.tighten(installed.getParent());
        }
        return out;
    }

    /** A runner as installed: the jar to start and the JVM option that maps its start-up cache, if it has one. */
    private record Installed(Path jar, String cacheOption) {
    }

    /**
     * The unpacked jar of the current version with its start-up cache if it has been recorded (starting the training
     * that records it if not), or the fat jar when it cannot be unpacked.
     */
    private synchronized Installed install() {
        Path jar = unpack();
        if (jar.equals(fatJar())) {
            return new Installed(jar, null);
        }
        StartupCache cache;
        try {
            cache = startupCache();
        } catch (RuntimeException e) {
            if (trained.add(jar)) {
                log.warn("runners start without a start-up cache: {}", e.getMessage());
            }
            return new Installed(jar, null);
        }
        Path file = jar.resolveSibling(cache.file());
        if (Files.isRegularFile(file)) {
            return new Installed(jar, cache.use() + file);
        }
        if (trained.add(jar)) {
            training.execute(() -> train(jar, cache, file));
        }
        return new Installed(jar, null);
    }

    /** Runs {@code --train} in a JVM that records the start-up cache as it exits. */
    private void train(Path jar, StartupCache cache, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        List<String> command = command(jar, null, List.of("--train"));
        command.add(1, cache.record() + partial);
        try {
            try {
                run(command);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            PrivateFiles.tighten(file.getParent());
            log.info("runner start-up cache written: {}", file);
        } catch (IOException | RuntimeException e) {
            log.warn("runners start without a start-up cache: the training run failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            log.info("runner training stopped: the control plane is stopping");
        }
    }

    /** Stops a training run under way: its JVM is not left running after the control plane. */
    @PreDestroy
    void stop() {
        training.shutdownNow();
    }

    /** How the JDK that runs runners records and maps its start-up cache; asked once per configured java. */
    private synchronized StartupCache startupCache() {
        String java = java();
        if (!java.equals(javaVersionOf)) {
            cache = StartupCache.forJava(javaVersion(java), properties.launcher().jvmArgs());
            javaVersionOf = java;
        }
        return cache;
    }

    /** Its JDK's {@code release} file says it without starting a JVM; else {@code java -version} does. */
    private String javaVersion(String java) {
        Path home = Path.of(java).toAbsolutePath().getParent().getParent();
        try {
            Path release = home == null ? null : home.resolve("release");
            if (release != null && Files.isRegularFile(release)) {
                Matcher version = RELEASE_VERSION.matcher(Files.readString(release));
                if (version.find()) {
                    return version.group(1);
                }
            }
            Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Matcher version = VERSION_OUTPUT.matcher(output);
            if (version.find()) {
                return version.group(1);
            }
            throw new IllegalStateException(java + " -version does not say its version: " + output.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell the version of " + java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + java + " its version", e);
        }
    }

    /** The unpacked jar of the current version, or the fat jar when it cannot be unpacked. */
    private Path unpack() {
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
            boolean exited;
            try {
                exited = process.waitFor(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw e;
            }
            if (!exited) {
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

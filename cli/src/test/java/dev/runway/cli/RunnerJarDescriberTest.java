package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real subprocess: a tiny jar, compiled here, that answers --describe the way the runner jar does. */
class RunnerJarDescriberTest {

    /** Prints its arguments back as the description, or fails like the runner does on a bad file. */
    private static final String FAKE_RUNNER = """
            public class FakeRunner {
                public static void main(String[] args) {
                    String file = args.length > 1 ? args[1] : "";
                    if (file.endsWith("bad.yaml")) {
                        System.err.println("2026-11-24T23:15:46.866Z  INFO 1117 --- [main] RunnerApplication : Started");
                        System.err.println("bad.yaml: line 2: unknown flow 'helo'");
                        System.exit(2);
                    }
                    if (file.endsWith("crash.yaml")) {
                        System.err.println("2026-11-24 23:15:46.866 ERROR Application run failed");
                        System.exit(1);
                    }
                    if (file.endsWith("partly.yaml")) {
                        System.out.println("{\\"deployments\\":[{\\"name\\":\\"hello\\",\\"flowName\\":\\"hello\\"}],"
                                + "\\"problems\\":[{\\"deployment\\":\\"greeter\\",\\"index\\":1,"
                                + "\\"where\\":\\"partly.yaml line 4\\",\\"field\\":\\"flow\\","
                                + "\\"message\\":\\"no flow named 'greeet'\\"}]}");
                        return;
                    }
                    System.err.println("a warning the CLI ignores");
                    System.out.println("{\\"deployments\\":[{\\"name\\":\\"hello\\",\\"flowName\\":\\"hello\\","
                            + "\\"description\\":\\"" + args[0] + " " + file + "\\"}]}");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheDeploymentsTheJarPrints() throws IOException {
        Path jar = fakeRunnerJar();

        List<DeploymentSpec> specs = RunnerJarDescriber.withCurrentJava().describe(jar, Optional.of(dir.resolve("d.yaml")))
                .deployments();

        assertThat(specs).extracting(DeploymentSpec::name).containsExactly("hello");
        assertThat(specs.getFirst().description()).isEqualTo("--describe --deployments=" + dir.resolve("d.yaml"));
    }

    @Test
    void passesNoFileWhenThereIsNone() throws IOException {
        List<DeploymentSpec> specs = RunnerJarDescriber.withCurrentJava().describe(fakeRunnerJar(), Optional.empty())
                .deployments();

        assertThat(specs.getFirst().description()).isEqualTo("--describe ");
    }

    @Test
    void readsTheEntriesTheJarLeftOutAlongsideTheOthers() throws IOException {
        DescribedDeployments described = RunnerJarDescriber.withCurrentJava()
                .describe(fakeRunnerJar(), Optional.of(dir.resolve("partly.yaml")));

        assertThat(described.deployments()).extracting(DeploymentSpec::name).containsExactly("hello");
        assertThat(described.problems()).containsExactly(
                new DeploymentProblem("greeter", 1, "partly.yaml line 4", "flow", "no flow named 'greeet'"));
    }

    @Test
    void showsWhatTheJarSaidWhenItRefusesTheFile() throws IOException {
        Path jar = fakeRunnerJar();

        assertThatThrownBy(() -> RunnerJarDescriber.withCurrentJava().describe(jar, Optional.of(dir.resolve("bad.yaml"))))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("bad.yaml: line 2: unknown flow 'helo'");
    }

    @Test
    void showsTheEndOfTheLogWhenTheJarSaysNothingElse() throws IOException {
        Path jar = fakeRunnerJar();

        assertThatThrownBy(() -> RunnerJarDescriber.withCurrentJava().describe(jar, Optional.of(dir.resolve("crash.yaml"))))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("the runner jar " + jar + " exited with 1 while describing its deployments"
                        + "\n  2026-11-24 23:15:46.866 ERROR Application run failed");
    }

    @Test
    void saysHowToBuildAMissingJar() {
        Path missing = dir.resolve("functions/target/runway-runner.jar");

        assertThatThrownBy(() -> RunnerJarDescriber.withCurrentJava().describe(missing, Optional.empty()))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("no runner jar at " + missing)
                .hasMessageContaining("./mvnw");
    }

    private Path fakeRunnerJar() throws IOException {
        Path source = dir.resolve("FakeRunner.java");
        Files.writeString(source, FAKE_RUNNER);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString());
        assertThat(compiled).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeRunner");
        Path jar = dir.resolve("runner.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("FakeRunner.class"));
            out.write(Files.readAllBytes(dir.resolve("FakeRunner.class")));
            out.closeEntry();
        }
        return jar;
    }
}

package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.DockerfileInstructions.Instruction;
import dev.runway.cli.DockerfileInstructions.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runner image (Dockerfile at the root), checked as far as it can be without a Docker engine: pinned bases, a
 * build with the project's wrapper, a non-root runtime that starts the runner with its start-up cache, and the CLI.
 */
class DockerfileTest {

    /** An exact Temurin version tag (25.0.3_9-jre-noble) and the digest of the image it names. */
    private static final Pattern PINNED = Pattern.compile(
            "eclipse-temurin:(25\\.\\d+\\.\\d+_\\d+)-(jdk|jre)-[a-z]+@sha256:[0-9a-f]{64}");
    private static final String RUNNER = "/opt/runway/runner/runway-runner.jar";
    private static final String CLI_JAR = "/opt/runway/cli/runway-cli.jar";
    private static final String CLI_ON_PATH = "/usr/local/bin/runway";

    private final DockerfileInstructions dockerfile = DockerfileInstructions.read(RepositoryFiles.at("Dockerfile"));

    @Test
    void buildsInOneStageAndRunsInAnotherOnBasesPinnedByExactVersionAndDigest() {
        assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
        Stage build = dockerfile.stage("build");
        Stage runtime = dockerfile.last();

        Matcher jdk = PINNED.matcher(build.image());
        Matcher jre = PINNED.matcher(runtime.image());
        assertThat(jdk.matches()).as("build stage base %s", build.image()).isTrue();
        assertThat(jre.matches()).as("runtime base %s", runtime.image()).isTrue();
        assertThat(jdk.group(2)).isEqualTo("jdk");
        assertThat(jre.group(2)).as("the runtime carries a JRE, not a JDK").isEqualTo("jre");
        assertThat(jre.group(1)).as("the runtime's JVM is the build's").isEqualTo(jdk.group(1));
        for (Stage stage : dockerfile.stages()) {
            assertThat(stage.image()).doesNotContainIgnoringCase("latest");
        }
        assertThat(runtime.all("COPY")).extracting(Instruction::arguments)
                .anySatisfy(copy -> assertThat(copy).startsWith("--from=build "));
    }

    @Test
    void theBuildStageBuildsTheRunnerAndTheCliWithTheMavenWrapper() {
        String build = String.join(" && ", dockerfile.stage("build").all("RUN").stream()
                .map(Instruction::arguments).toList());

        assertThat(build).contains("./mvnw -B").contains("-pl functions,cli -am").contains("package")
                .contains(DeployCommand.DEFAULT_RUNNER_JAR).contains("cli/target/runway-cli.jar");
        assertThat(Files.isExecutable(RepositoryFiles.at("mvnw"))).isTrue();
    }

    @Test
    void theRuntimeRunsAsANumericNonRootUser() {
        Stage runtime = dockerfile.last();
        Instruction user = runtime.last("USER");

        assertThat(user.arguments()).matches("[1-9]\\d*(:[1-9]\\d*)?");
        assertThat(runtime.instructions().stream().filter(each -> each.keyword().equals("RUN"))
                .allMatch(run -> run.line() < user.line())).as("nothing runs as root after USER").isTrue();
    }

    @Test
    void theDefaultCommandStartsTheUnpackedRunnerWithTheCacheTheImageBuildWrote() {
        Stage runtime = dockerfile.last();
        List<String> entrypoint = runtime.last("ENTRYPOINT").execForm();
        Instruction training = runtime.all("RUN").stream().filter(run -> run.arguments().contains("-XX:AOTCacheOutput="))
                .findFirst().orElseThrow(() -> new AssertionError("no RUN writes the AOT cache"));

        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", RUNNER);
        String cache = option(entrypoint, "-XX:AOTCache=");
        assertThat(training.arguments()).contains("-XX:AOTCacheOutput=" + cache + " ")
                .as("the training run describes the flows and runs one, so the cache holds what a run loads")
                .contains("-jar " + RUNNER + " --train ").contains("test -s " + cache);
        assertThat(jvmOptions(List.of(training.arguments().split("\\s+")), "-XX:AOTCacheOutput="))
                .as("the training run's JVM options are the entrypoint's: the cache is checked against them")
                .isEqualTo(jvmOptions(entrypoint, "-XX:AOTCache="));
        assertThat(runtime.all("CMD")).as("a job template's args are the runner's arguments").isEmpty();
        assertThat(runtime.all("COPY")).extracting(Instruction::arguments)
                .contains("--from=build /out/runner/ /opt/runway/runner/");
        assertThat(String.join(" ", dockerfile.stage("build").all("RUN").stream().map(Instruction::arguments).toList()))
                .contains("extract --destination /out/runner");
    }

    @Test
    void theCliIsOnThePathAndStartsTheCliJar() throws IOException {
        Stage runtime = dockerfile.last();
        Path wrapper = RepositoryFiles.at("scripts/image/runway");

        assertThat(runtime.all("COPY")).extracting(Instruction::arguments)
                .contains("--from=build /out/cli/ /opt/runway/cli/", "scripts/image/runway " + CLI_ON_PATH);
        assertThat(Files.isExecutable(wrapper)).isTrue();
        List<String> lines = Files.readAllLines(wrapper);
        assertThat(lines.getFirst()).isEqualTo("#!/bin/sh");
        assertThat(lines.getLast()).startsWith("exec java ").endsWith(" -jar " + CLI_JAR + " \"$@\"");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalStateAndTerraform() throws IOException {
        List<String> ignored = Files.readAllLines(RepositoryFiles.at(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();

        assertThat(ignored).contains(".git", "**/target", ".runway", "infra", ".ci-tools");
    }

    /** The value of the option starting with {@code prefix}. */
    private static String option(List<String> command, String prefix) {
        return command.stream().filter(each -> each.startsWith(prefix)).map(each -> each.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + command));
    }

    /** The JVM's options of a {@code java … -jar} command, but the one starting with {@code cacheOption}. */
    private static List<String> jvmOptions(List<String> command, String cacheOption) {
        List<String> options = new ArrayList<>(command.subList(command.indexOf("java") + 1, command.indexOf("-jar")));
        options.removeIf(each -> each.startsWith(cacheOption));
        return options;
    }
}

package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The pipeline (cloudbuild.yaml at the root), read as YAML: its steps in order, the image tagged with the commit,
 * the secret from Secret Manager, every substitution documented, and CLI calls this CLI understands.
 */
class CloudBuildTest {

    private static final String IMAGE = "${_RUNNER_IMAGE}:$COMMIT_SHA";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{?(_[A-Z0-9_]+)");
    private static final String TEMURIN_DIGEST = "@sha256:[0-9a-f]{64}";

    private final String text = read();
    private final JsonNode build = new YAMLMapper().readTree(text);

    @Test
    void testsBuildsPushesUpdatesThePoolsThenDeploysOneStepAfterTheOther() {
        List<String> ids = build.get("steps").valueStream().map(step -> step.get("id").asString()).toList();

        assertThat(ids).containsSubsequence("test", "build", "push", "update-pools", "deploy");
        assertThat(ids.getLast()).isEqualTo("deploy");
        assertThat(build.get("steps").valueStream().filter(step -> step.has("waitFor")))
                .as("no step starts before the one above it succeeded").isEmpty();
    }

    @Test
    void theTestsRunWithWhatTheyNeedAndNothingSkippedQuietly() {
        JsonNode test = step("test");
        String script = test.get("args").get(1).asString();
        List<String> env = strings(test.get("env"));

        assertThat(script).contains("./mvnw -B verify");
        assertThat(env).contains("CI=true",
                "RUNWAY_TEST_POSTGRES_URL=jdbc:postgresql://runway-test-postgres:5432/test",
                "RUNWAY_PUBSUB_EMULATOR=/workspace/.ci-tools/pubsub-emulator/bin/cloud-pubsub-emulator");
        assertThat(strings(step("postgres").get("args"))).contains("--name=runway-test-postgres", "--network=cloudbuild");
        assertThat(step("pubsub-emulator").get("args").get(1).asString())
                .contains("cp -R /usr/lib/google-cloud-sdk/platform/pubsub-emulator /workspace/.ci-tools/");
        DockerfileInstructions dockerfile = DockerfileInstructions.read(RepositoryFiles.at("Dockerfile"));
        assertThat(test.get("name").asString()).as("the tests run on the JDK the image is built with")
                .isEqualTo(dockerfile.stage("build").image());
    }

    @Test
    void theImageIsBuiltPushedToArtifactRegistryAndRunTaggedWithTheCommit() {
        assertThat(strings(step("build").get("args"))).containsExactly("build", "--tag=" + IMAGE, ".");
        assertThat(strings(step("push").get("args"))).containsExactly("push", IMAGE);
        assertThat(step("update-pools").get("name").asString()).isEqualTo(IMAGE);
        assertThat(step("deploy").get("name").asString()).isEqualTo(IMAGE);
        assertThat(strings(build.get("images"))).containsExactly(IMAGE);
        assertThat(build.get("substitutions").get("_RUNNER_IMAGE").asString())
                .isEqualTo("${_REGION}-docker.pkg.dev/${PROJECT_ID}/${_REPOSITORY}/runner");
        assertThat(build.get("options").get("dynamicSubstitutions").asBoolean()).isTrue();
    }

    @Test
    void everyOtherImageIsPinnedToAVersion() {
        for (JsonNode step : build.get("steps")) {
            String image = step.get("name").asString();
            if (image.equals(IMAGE)) {
                continue;
            }
            assertThat(image).as(step.get("id").asString()).contains(":").doesNotContain(":latest");
        }
        assertThat(step("test").get("name").asString()).matches("eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jdk-[a-z]+" + TEMURIN_DIGEST);
        assertThat(strings(step("postgres").get("args")).getLast()).matches("postgres:\\d+\\.\\d+-[a-z]+" + TEMURIN_DIGEST);
    }

    @Test
    void thePoolsGetTheNewImageThroughTheCliAndTheCliKnowsTheCommand() {
        String script = step("update-pools").get("args").get(1).asString();

        assertThat(script).contains("<<< \"${_POOLS}\"").contains("runway pools set-image \"$$pool\" \"" + IMAGE + "\"");
        assertThat(parses("pools", "set-image", "cloud-run", "europe-docker.pkg.dev/acme/runway/runner:3f2c1ab"))
                .containsExactly("runway", "pools", "set-image");
    }

    @Test
    void theDeployStepDeploysAndPrunesWithTheImagesRunnerAndTheCliKnowsItsOptions() {
        JsonNode deploy = step("deploy");
        List<String> args = strings(deploy.get("args"));

        assertThat(deploy.get("entrypoint").asString()).isEqualTo("runway");
        assertThat(args).containsSubsequence("deploy", "--all", "--prune");
        DockerfileInstructions dockerfile = DockerfileInstructions.read(RepositoryFiles.at("Dockerfile"));
        assertThat(args.get(args.indexOf("--runner-jar") + 1))
                .as("the runner jar the image starts").isEqualTo(dockerfile.last().last("ENTRYPOINT").execForm().getLast());
        assertThat(parses(args.toArray(String[]::new))).containsExactly("runway", "deploy");
    }

    @Test
    void theCliTalksToTheControlPlaneOverThePrivatePoolWithTheKeyFromSecretManager() {
        for (String id : List.of("update-pools", "deploy")) {
            assertThat(strings(step(id).get("env"))).as(id).contains("RUNWAY_API_URL=${_CONTROL_PLANE_URL}");
            assertThat(strings(step(id).get("secretEnv"))).as(id).containsExactly("RUNWAY_API_KEY");
        }
        JsonNode secret = build.get("availableSecrets").get("secretManager").get(0);
        assertThat(secret.get("env").asString()).isEqualTo("RUNWAY_API_KEY");
        assertThat(secret.get("versionName").asString()).startsWith("projects/$PROJECT_ID/secrets/${_API_KEY_SECRET}/versions/");
        assertThat(build.get("options").get("pool").get("name").asString())
                .isEqualTo("projects/$PROJECT_ID/locations/${_REGION}/workerPools/${_WORKER_POOL}");
        assertThat(build.get("substitutions").get("_CONTROL_PLANE_URL").asString())
                .as("no default address: a build that was not told where the control plane is fails").isEmpty();
    }

    @Test
    void everySubstitutionUsedIsDefinedAndDocumentedAtTheTop() {
        Set<String> used = new LinkedHashSet<>();
        Matcher found = SUBSTITUTION.matcher(text);
        while (found.find()) {
            used.add(found.group(1));
        }
        Set<String> defined = build.get("substitutions").propertyNames().stream().collect(Collectors.toSet());
        String header = text.lines().takeWhile(line -> line.isBlank() || line.startsWith("#"))
                .collect(Collectors.joining("\n"));

        assertThat(used).isNotEmpty();
        assertThat(defined).containsExactlyInAnyOrderElementsOf(used);
        for (String name : used) {
            assertThat(header).as("the comment block at the top documents " + name).containsPattern("#\\s+" + name + "\\s");
        }
    }

    private JsonNode step(String id) {
        return build.get("steps").valueStream().filter(step -> step.get("id").asString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id));
    }

    /** The names of the commands picocli resolves these arguments to (parsing only: nothing runs). */
    private static List<String> parses(String... args) {
        CliEnvironment environment = new CliEnvironment(Map.of(), java.nio.file.Path.of(""), Cli.CLOCK,
                java.time.Duration.ZERO, (jar, file) -> {
                    throw new AssertionError("parsing describes nothing");
                }, java.io.InputStream.nullInputStream());
        List<String> names = new ArrayList<>();
        for (CommandLine command : RunwayCli.commandLine(environment).parseArgs(args).asCommandLineList()) {
            names.add(command.getCommandName());
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static String read() {
        try {
            return Files.readString(RepositoryFiles.at("cloudbuild.yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

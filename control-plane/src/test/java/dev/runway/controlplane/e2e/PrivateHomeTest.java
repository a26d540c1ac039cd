package dev.runway.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.api.ApiClient.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A control plane started on a new home with its defaults (H2 file database, generated API key and
 * token secret, the runner jar unpacked there) runs a flow: afterwards nothing under the home is open
 * to other users. The build's umask (typically 022) would leave new files readable by all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrivateHomeTest {

    private static final Path RUNNER_JAR = Path.of("..", "functions", "target", "runway-runner.jar").toAbsolutePath().normalize();
    private static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("runway-private-home").resolve(".runway");
        registry.add("runway.home", home::toString);
        registry.add("runway.launcher.runner-jar", RUNNER_JAR::toString);
        registry.add("runway.dispatch.poll-interval", () -> "500ms");
    }

    @BeforeAll
    static void runnerJarIsBuilt() {
        assertThat(RUNNER_JAR).as("the runner jar, built by the functions module before this one (./mvnw verify)")
                .isRegularFile();
    }

    @LocalServerPort
    int port;

    @Test
    void everyFileAndFolderUnderTheHomeIsTheOwnersAloneAfterARun() throws IOException {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, Files.readString(home.resolve("api-key")).strip());
        Answer started = api.post("/api/deployments/fail-on-purpose/runs", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asString();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                api.get("/api/flow-runs/" + id).json().get("state").get("type").asString().equals("FAILED"));

        // the runner's start-up cache is recorded in the background, by a JVM that writes it as it likes first
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(PrivateHomeTest::startupCacheRecorded);

        List<Path> everything;
        try (Stream<Path> tree = Files.walk(home)) {
            everything = tree.toList();
        }
        assertThat(everything).contains(home.resolve("api-key"), home.resolve("token-secret"),
                home.resolve("db").resolve("runway.mv.db"), home.resolve("runs").resolve(id + "-1.log"));
        for (Path path : everything) {
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(permissions).as("folder %s", home.relativize(path)).isEqualTo("rwx------");
            } else {
                assertThat(permissions).as("file %s", home.relativize(path)).matches("r[w-][x-]------");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("api-key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("token-secret")))).isEqualTo("rw-------");
    }

    private static boolean startupCacheRecorded() throws IOException {
        try (Stream<Path> tree = Files.walk(home.resolve("runner"))) {
            return tree.anyMatch(path -> path.getFileName().toString().matches("jdk-.*\\.(aot|jsa)"));
        }
    }
}

package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** DELETE /api/deployments/{name}: refused while a run of it is under way, its finished runs kept after. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeploymentDeletionApiTest {

    private static final String KEY = "rwk_test-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = IsolatedControlPlane.withoutDeployments(registry, "deletion", KEY);
        registry.add("runway.launcher.runner-jar", () -> home.resolve("no-runner.jar").toString());
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
    }

    @Test
    void aDeploymentIsDeletedOnceItsRunsFinishedAndTheirHistoryStays() {
        api.put("/api/deployments/nightly", "{\"flowName\":\"hello\"}");
        String run = api.post("/api/deployments/nightly/runs", "{}").json().get("id").asString();

        Answer underWay = api.delete("/api/deployments/nightly");
        api.post("/api/flow-runs/" + run + "/cancel", null);
        Answer deleted = api.delete("/api/deployments/nightly");

        assertThat(underWay.status()).isEqualTo(409);
        assertThat(underWay.contentType()).startsWith("application/problem+json");
        assertThat(underWay.json().get("detail").asString())
                .isEqualTo("deployment 'nightly' has 1 run that did not finish (1 SCHEDULED): cancel them or let them"
                        + " finish, then delete it");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(api.get("/api/deployments/nightly").status()).isEqualTo(404);
        Answer kept = api.get("/api/flow-runs/" + run);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().get("deploymentName").asString()).isEqualTo("nightly");
        assertThat(kept.json().get("deploymentId").isNull()).isTrue();
        assertThat(api.get("/api/flow-runs?deployment=nightly").json().get("total").asInt()).isEqualTo(1);
        Answer retry = api.post("/api/flow-runs/" + run + "/retry", null);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("detail").asString()).contains("its deployment 'nightly' was deleted");
        assertThat(api.post("/api/deployments/nightly/runs", "{}").status()).isEqualTo(404);
    }

    @Test
    void anUnknownDeploymentIs404AndNoKey401() {
        api.put("/api/deployments/kept", "{\"flowName\":\"hello\"}");

        Answer unknown = api.delete("/api/deployments/nope");
        Answer withoutKey = api.withKey(null).delete("/api/deployments/kept");
        Answer wrongKey = api.withKey("rwk_wrong").delete("/api/deployments/kept");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).isEqualTo("no deployment named 'nope'");
        assertThat(withoutKey.status()).isEqualTo(401);
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(api.get("/api/deployments/kept").status()).isEqualTo(200);
    }
}

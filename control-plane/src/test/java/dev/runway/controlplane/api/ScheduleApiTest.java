package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.controlplane.schedules.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Schedules through HTTP: declared in the deployment spec, listed with their next fire times, paused and resumed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScheduleApiTest {

    private static final String KEY = "rwk_test-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = IsolatedControlPlane.withoutDeployments(registry, "schedules", KEY);
        registry.add("runway.launcher.runner-jar", () -> home.resolve("no-runner.jar").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    Scheduler scheduler;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
    }

    @Test
    void aDeploymentsSchedulesAreListedWithTheirNextFireTimesAndMakeRunsThatNameThem() {
        Answer created = api.put("/api/deployments/nightly", """
                {"flowName":"hello","parameters":{"name":"World"},
                 "schedules":[{"cron":"0 9 * * 1-5","timezone":"Europe/Paris","parameters":{"name":"Ada"}},
                              {"interval":"PT10M","anchor":"2026-01-01T00:05:00Z","catchUp":"skip","overlap":"queue"}]}""");

        Answer listed = api.get("/api/deployments/nightly/schedules");
        scheduler.runOnce();
        String everyTenId = listed.json().get(1).get("id").asString();
        JsonNode run = api.get("/api/flow-runs?deployment=nightly").json().get("items").valueStream()
                .filter(r -> everyTenId.equals(r.get("scheduleId").asString()))
                .min(Comparator.comparing(r -> Instant.parse(r.get("expectedStartTime").asString()))).orElseThrow();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("schedules").get(0).get("timezone").asString()).isEqualTo("Europe/Paris");
        assertThat(created.json().get("schedules").get(1).get("catchUp").asString()).isEqualTo("skip");
        assertThat(listed.status()).isEqualTo(200);
        JsonNode weekdays = listed.json().get(0);
        assertThat(weekdays.get("id").asString()).hasSize(12);
        assertThat(weekdays.get("cron").asString()).isEqualTo("0 9 * * 1-5");
        assertThat(weekdays.get("active").asBoolean()).isTrue();
        assertThat(weekdays.get("overlap").asString()).isEqualTo("allow");
        assertThat(weekdays.get("nextFireTimes")).hasSize(5);
        JsonNode everyTen = listed.json().get(1);
        List<Instant> fires = everyTen.get("nextFireTimes").valueStream().map(t -> Instant.parse(t.asString())).toList();
        assertThat(fires).hasSize(5).allSatisfy(fire -> assertThat(fire.getEpochSecond() % 600).isEqualTo(300));
        assertThat(run.get("createdBy").asString()).isEqualTo("schedule:" + everyTen.get("id").asString());
        assertThat(Instant.parse(run.get("expectedStartTime").asString())).isEqualTo(fires.getFirst());
        assertThat(api.put("/api/deployments/nightly", """
                {"flowName":"hello","parameters":{"name":"World"},
                 "schedules":[{"cron":"0 9 * * 1-5","timezone":"Europe/Paris","parameters":{"name":"Ada"}},
                              {"interval":"PT10M","anchor":"2026-01-01T00:05:00Z","catchUp":"skip","overlap":"queue"}]}""")
                .header("Runway-Upsert")).isEqualTo("unchanged");
    }

    @Test
    void aScheduleIsPausedAndResumedByItsId() {
        api.put("/api/deployments/hourly", "{\"flowName\":\"hello\",\"schedules\":[{\"cron\":\"0 * * * *\"}]}");
        String id = api.get("/api/deployments/hourly/schedules").json().get(0).get("id").asString();

        Answer paused = api.post("/api/deployments/hourly/schedules/" + id + "/pause", null);
        Answer shown = api.get("/api/deployments/hourly");
        Answer resumed = api.post("/api/deployments/hourly/schedules/" + id + "/resume", null);

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("active").asBoolean()).isFalse();
        assertThat(paused.json().get("nextFireTimes")).isEmpty();
        assertThat(shown.json().get("schedules").get(0).get("active").asBoolean()).isFalse();
        assertThat(resumed.json().get("active").asBoolean()).isTrue();
        assertThat(resumed.json().get("nextFireTimes")).hasSize(5);
        Answer unknown = api.post("/api/deployments/hourly/schedules/0123456789ab/pause", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).contains("has no schedule '0123456789ab'");
        assertThat(api.get("/api/deployments/nope/schedules").status()).isEqualTo(404);
        assertThat(api.withKey(null).post("/api/deployments/hourly/schedules/" + id + "/pause", null).status())
                .isEqualTo(401);
    }

    @Test
    void badSchedulesAre422NamingTheFieldAndNothingIsStored() {
        Answer refused = api.put("/api/deployments/broken", """
                {"flowName":"hello","schedules":[{"cron":"0 9 * *"},{"interval":"PT30S","timezone":"Moon/Base"},
                                                 {"cron":"0 9 * * *","interval":"PT1H"},{"cron":"0 9 * * *","overlap":"later"}]}""");
        Answer wrongType = api.put("/api/deployments/broken", "{\"flowName\":\"hello\",\"schedules\":{\"cron\":\"x\"}}");
        Answer misspelt = api.put("/api/deployments/broken", "{\"flowName\":\"hello\",\"schedules\":[{\"crn\":\"x\"}]}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("schedules[0].cron", "schedules[1].timezone", "schedules[2]",
                        "schedules[3].overlap");
        assertThat(refused.body()).contains("has 4 fields");
        assertThat(wrongType.status()).isBetween(400, 422);
        assertThat(wrongType.body()).contains("schedules");
        assertThat(misspelt.status()).isEqualTo(422);
        assertThat(misspelt.json().get("errors").get(0).get("field").asString()).isEqualTo("schedules[0].crn");
        assertThat(api.get("/api/deployments/broken").status()).isEqualTo(404);
    }
}

package dev.runway.cli;

import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSchedule;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.schedule.ScheduleSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** schedules ls, pause and resume. */
class SchedulesCommandTest {

    private static final Instant NINE = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    Path dir;

    private FakeRunway server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeRunway.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void listsEachScheduleWithWhenItRunsNext() {
        server.on("GET", "/api/deployments/nightly/schedules", Answer.json(200, List.of(
                new DeploymentSchedule("3fa1c2d4e5f6", new ScheduleSpec("0 9 * * 1-5", "Europe/Paris", null, null,
                        json("{}"), true, "latest", "allow"), List.of(NINE, NINE.plusSeconds(86_400),
                        NINE.plusSeconds(2 * 86_400), NINE.plusSeconds(3 * 86_400))),
                new DeploymentSchedule("0b9e8d7c6a5f", new ScheduleSpec(null, "UTC", "PT30M", "2026-01-01T00:05:00Z",
                        json("{\"rows\":5}"), false, "skip", "queue"), List.of()))));
        server.on("GET", "/api/deployments/nightly", Answer.json(200, deployment(false)));

        var outcome = Cli.against(server, dir).run("schedules", "ls", "nightly");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("""
                ID            WHEN                                   ACTIVE  CATCH-UP  OVERLAP  NEXT RUNS
                3fa1c2d4e5f6  cron 0 9 * * 1-5 Europe/Paris          yes     latest    allow    2026-11-25 08:00:00, 2026-11-26 08:00:00, 2026-11-27 08:00:00
                0b9e8d7c6a5f  every PT30M from 2026-01-01T00:05:00Z  paused  skip      queue    -
                """);
    }

    @Test
    void saysSoWhenTheDeploymentIsPausedOrHasNoSchedules() {
        server.on("GET", "/api/deployments/nightly/schedules", Answer.json(200, List.of(
                new DeploymentSchedule("3fa1c2d4e5f6", ScheduleSpec.cron("0 9 * * *", "UTC").withDefaults(), List.of()))));
        server.on("GET", "/api/deployments/nightly", Answer.json(200, deployment(true)));
        server.on("GET", "/api/deployments/adhoc/schedules", Answer.json(200, List.of()));

        var paused = Cli.against(server, dir).run("schedules", "ls", "nightly");
        var none = Cli.against(server, dir).run("schedules", "ls", "adhoc");

        assertThat(paused.out()).startsWith("deployment nightly is paused: its schedules make no runs\n")
                .contains("3fa1c2d4e5f6  cron 0 9 * * * UTC  yes");
        assertThat(none.out()).isEqualTo("deployment adhoc has no schedules\n");
    }

    @Test
    void pausesAndResumesAScheduleByItsId() {
        server.on("POST", "/api/deployments/nightly/schedules/3fa1c2d4e5f6/pause", Answer.json(200,
                new DeploymentSchedule("3fa1c2d4e5f6", ScheduleSpec.cron("0 9 * * *", "UTC").withActive(false)
                        .withDefaults(), List.of())));
        server.on("POST", "/api/deployments/nightly/schedules/3fa1c2d4e5f6/resume", Answer.json(200,
                new DeploymentSchedule("3fa1c2d4e5f6", ScheduleSpec.cron("0 9 * * *", "UTC").withDefaults(),
                        List.of(NINE))));

        var paused = Cli.against(server, dir).run("schedules", "pause", "nightly", "3fa1c2d4e5f6");
        var resumed = Cli.against(server, dir).run("schedules", "resume", "nightly", "3fa1c2d4e5f6");

        assertThat(paused.out()).isEqualTo("schedule 3fa1c2d4e5f6 of nightly: paused\n");
        assertThat(resumed.out()).isEqualTo("schedule 3fa1c2d4e5f6 of nightly: active, next run 2026-11-25 08:00:00\n");
        assertThat(server.last("POST", "/api/deployments/nightly/schedules/3fa1c2d4e5f6/pause").header("Authorization"))
                .isEqualTo("Bearer test-key");
    }

    @Test
    void anUnknownScheduleIsTheServersNotFound() {
        server.on("POST", "/api/deployments/nightly/schedules/nope/pause", Answer.problem(404, "Not found",
                "deployment 'nightly' has no schedule 'nope'; GET /api/deployments/nightly/schedules lists its schedules",
                Map.of()));

        var outcome = Cli.against(server, dir).run("schedules", "pause", "nightly", "nope");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("deployment 'nightly' has no schedule 'nope'");
    }

    private static Deployment deployment(boolean paused) {
        return new Deployment(UUID.randomUUID(), new DeploymentSpec("nightly", "etl", null, null, null, null, null, null,
                paused, null, null, null).withDefaults("nightly"), NINE, NINE);
    }
}

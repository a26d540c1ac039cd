package dev.runway.cli;

import static dev.runway.cli.Fixtures.T0;
import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.Page;
import dev.runway.model.WorkPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** pools ls, pools set-limit, pools pause and resume. */
class PoolsCommandTest {

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
    void listsPoolsWithTheirLimitAndRunsRunningAndWaiting() {
        server.on("GET", "/api/work-pools", Answer.json(200, new Page<>(List.of(
                pool("gpu\u001b[31m", "cloud-run", null, true, 0, 3), pool("local", "process", 2, false, 2, 4)), 0, 200, 2)));

        var outcome = Cli.against(server, dir).run("pools", "ls");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("""
                NAME       TYPE       LIMIT  RUNNING  WAITING  PAUSED
                gpu\\e[31m  cloud-run  none   0        3        yes
                local      process    2      2        4        no
                """);
    }

    @Test
    void setLimitChangesTheLimitAloneSoAPauseMadeMeanwhileIsKept() {
        AtomicReference<WorkPool> held = new AtomicReference<>(pool("batch", "cloud-run", 2, false, 0, 0));
        // someone pauses the pool once while the command runs: before its second request, or after its only one
        AtomicBoolean pauseLanded = new AtomicBoolean();
        Runnable pauseMeanwhile = () -> {
            if (pauseLanded.compareAndSet(false, true)) {
                held.set(pool("batch", "cloud-run", held.get().concurrencyLimit(), true, 0, 0));
            }
        };
        AtomicInteger requests = new AtomicInteger();
        UnaryOperator<FakeRunway.Route> pausedAfterTheFirstRequest = route -> request -> {
            if (requests.getAndIncrement() > 0) {
                pauseMeanwhile.run();
            }
            return route.answer(request);
        };
        server.on("GET", "/api/work-pools/batch",
                pausedAfterTheFirstRequest.apply(request -> Answer.json(200, held.get())));
        server.on("PUT", "/api/work-pools/batch", pausedAfterTheFirstRequest.apply(request -> {
            held.set(pool("batch", request.json().get("type").asString(), request.json().get("concurrencyLimit").asInt(),
                    request.json().get("paused").asBoolean(), 0, 0));
            return Answer.json(200, held.get());
        }));
        server.on("PUT", "/api/work-pools/batch/concurrency-limit", pausedAfterTheFirstRequest.apply(request -> {
            Integer previous = held.get().concurrencyLimit();
            held.set(pool("batch", "cloud-run", request.json().get("concurrencyLimit").asInt(), held.get().paused(), 0, 0));
            return Answer.json(200, held.get()).withHeader("Runway-Previous-Concurrency-Limit", previous.toString());
        }));

        var outcome = Cli.against(server, dir).run("pools", "set-limit", "batch", "5");
        pauseMeanwhile.run();

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).isEqualTo("work pool batch: concurrency limit 5 (was 2)\n");
        assertThat(held.get().paused()).as("the pause is kept").isTrue();
        assertThat(held.get().concurrencyLimit()).isEqualTo(5);
        assertThat(server.last("PUT", "/api/work-pools/batch/concurrency-limit").body())
                .isEqualTo("{\"concurrencyLimit\":5}");
    }

    @Test
    void setLimitNoneRemovesTheLimit() {
        server.on("DELETE", "/api/work-pools/batch/concurrency-limit", Answer.json(200,
                pool("batch", "cloud-run", null, false, 0, 0)).withHeader("Runway-Previous-Concurrency-Limit", "3"));

        var outcome = Cli.against(server, dir).run("pools", "set-limit", "batch", "none");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).isEqualTo("work pool batch: concurrency limit none (was 3)\n");
        assertThat(server.requests()).extracting(FakeRunway.Request::method).containsExactly("DELETE");
    }

    @Test
    void aLimitBelowOneIsRefusedBeforeAnyRequest() {
        var outcome = Cli.against(server, dir).run("pools", "set-limit", "local", "0");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("'0' is not a whole number of at least 1 or 'none'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void setImageChangesTheImageAloneSoAPauseMadeMeanwhileIsKept() {
        AtomicReference<WorkPool> held = new AtomicReference<>(new WorkPool("cloud", "cloud-run",
                json("{\"image\":\"runner:old\",\"region\":\"europe-west1\"}"), 4, false, 0, 0, T0, T0));
        server.on("PUT", "/api/work-pools/cloud/image", request -> {
            // someone paused the pool just before this request arrived
            WorkPool before = held.get();
            ObjectNode template = before.baseJobTemplate().deepCopy().put("image", request.json().get("image").asString());
            held.set(new WorkPool("cloud", before.type(), template, before.concurrencyLimit(), true, 0, 0, T0, T0));
            return Answer.json(200, held.get()).withHeader("Runway-Previous-Image",
                    before.baseJobTemplate().get("image").asString());
        });

        var outcome = Cli.against(server, dir).run("pools", "set-image", "cloud", "europe-docker.pkg.dev/acme/runway/runner:3f2c1ab");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).isEqualTo(
                "work pool cloud: image europe-docker.pkg.dev/acme/runway/runner:3f2c1ab (was runner:old)\n");
        assertThat(server.requests()).extracting(FakeRunway.Request::method, FakeRunway.Request::path)
                .containsExactly(tuple("PUT", "/api/work-pools/cloud/image"));
        assertThat(server.last("PUT", "/api/work-pools/cloud/image").body())
                .isEqualTo("{\"image\":\"europe-docker.pkg.dev/acme/runway/runner:3f2c1ab\"}");
        assertThat(held.get().paused()).as("the pause is kept").isTrue();
        assertThat(held.get().concurrencyLimit()).isEqualTo(4);
        assertThat(held.get().baseJobTemplate().get("region").asString()).isEqualTo("europe-west1");
    }

    @Test
    void setImageOnAPoolWithoutImagesShowsTheServersReason() {
        server.on("PUT", "/api/work-pools/local/image", Answer.problem(409, "Conflict",
                "work pool 'local' is of type process: its runs start the runner jar on the control plane's machine,"
                        + " not an image", Map.of()));

        var outcome = Cli.against(server, dir).run("pools", "set-image", "local", "runner:2");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: Conflict: work pool 'local' is of type process: its runs start the"
                + " runner jar on the control plane's machine, not an image\n");
    }

    @Test
    void pausesAndResumesAPool() {
        server.on("POST", "/api/work-pools/local/pause", Answer.json(200, pool("local", "process", 2, true, 0, 1)));
        server.on("POST", "/api/work-pools/local/resume", Answer.json(200, pool("local", "process", 2, false, 1, 0)));

        var paused = Cli.against(server, dir).run("pools", "pause", "local");
        var resumed = Cli.against(server, dir).run("pools", "resume", "local");

        assertThat(paused.out()).isEqualTo("work pool local: paused, 1 waiting\n");
        assertThat(resumed.out()).isEqualTo("work pool local: running, 0 waiting\n");
    }

    @Test
    void anUnknownPoolIsReportedAsTheServerSaysIt() {
        server.on("POST", "/api/work-pools/nope/pause",
                Answer.problem(404, "Not found", "no work pool named 'nope'", Map.of()));

        var outcome = Cli.against(server, dir).run("pools", "pause", "nope");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("no work pool named 'nope'");
    }

    private static WorkPool pool(String name, String type, Integer limit, boolean paused, long running, long waiting) {
        return new WorkPool(name, type, json("{\"region\":\"europe-west1\"}"), limit, paused, running, waiting, T0, T0);
    }
}

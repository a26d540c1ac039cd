package dev.runway.controlplane.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code runway.*} setting of the control plane, validated at start.
 *
 * @param home   where the local control plane keeps its database, API key, results and runner logs
 * @param apiUrl how runners reach this control plane; defaults to {@code http://127.0.0.1:<server port>}
 */
@Validated
@ConfigurationProperties("runway")
public record RunwayProperties(
        @NotNull @DefaultValue("./.runway") Path home,
        String apiUrl,
        @Valid @DefaultValue Auth auth,
        @Valid @DefaultValue Loops loops,
        @Valid @DefaultValue Dispatch dispatch,
        @Valid @DefaultValue Crash crash,
        @Valid @DefaultValue Launcher launcher,
        @Valid @DefaultValue Deployments deployments,
        @Valid @DefaultValue Logs logs,
        @Valid @DefaultValue Results results) {

    /**
     * @param apiKey      the admin API key; empty: read or create {@code <home>/api-key}
     * @param tokenSecret the key that signs runner tokens; empty: read or create {@code <home>/token-secret}
     */
    public record Auth(String apiKey, String tokenSecret) {
    }

    /** @param enabled false stops every background loop (tests drive them by hand) */
    public record Loops(@DefaultValue("true") boolean enabled) {
    }

    /**
     * @param pollInterval how often due runs and the outbox are checked when nothing wakes them
     * @param batchSize    runs moved to PENDING per pass
     * @param lateAfter    a SCHEDULED run still waiting this long after its expected start is marked Late
     */
    public record Dispatch(@NotNull @DefaultValue("1s") Duration pollInterval, @Min(1) @DefaultValue("100") int batchSize,
                           @NotNull @DefaultValue("15s") Duration lateAfter) {
    }

    /**
     * @param heartbeatTimeout a RUNNING run silent for longer is CRASHED
     * @param launchTimeout    a PENDING run no runner claimed within this is CRASHED
     * @param checkInterval    how often the crash detector looks
     */
    public record Crash(@NotNull @DefaultValue("30s") Duration heartbeatTimeout,
                        @NotNull @DefaultValue("120s") Duration launchTimeout,
                        @NotNull @DefaultValue("5s") Duration checkInterval) {
    }

    /**
     * The local process launcher.
     *
     * @param runnerJar        the runnable runner jar (runtime + flows) that {@code functions} builds
     * @param java             the java executable; empty: the one running the control plane
     * @param jvmArgs          extra JVM options for each runner; the defaults start a short-lived JVM faster
     * @param heartbeatSeconds how often runners send heartbeats
     */
    public record Launcher(@NotNull @DefaultValue("functions/target/runway-runner.jar") Path runnerJar,
                           String java,
                           @DefaultValue({"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}) List<String> jvmArgs,
                           @Min(1) @DefaultValue("5") int heartbeatSeconds) {
    }

    /** @param registerOnStart upsert the deployments the runner jar declares when the control plane starts */
    public record Deployments(@DefaultValue("true") boolean registerOnStart) {
    }

    /** @param maxLinesPerRun log lines a run keeps; past it the run's logs end with a line saying how many were left out */
    public record Logs(@Min(1) @DefaultValue("100000") long maxLinesPerRun) {
    }

    /** @param maxBytes the largest JSON result a flow may return; a larger one fails its run */
    public record Results(@Min(1) @DefaultValue("10485760") long maxBytes) {
    }

    public Path resultsFolder() {
        return home.resolve("results");
    }
}

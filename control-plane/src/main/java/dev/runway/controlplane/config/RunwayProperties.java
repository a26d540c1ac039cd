package dev.runway.controlplane.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code runway.*} setting of the control plane, validated at start, but those of an adapter, which have
 * their own records: {@code runway.pubsub.*} ({@code dispatch.pubsub.PubSubProperties}) and
 * {@code runway.cloud-sql.*} ({@code database.CloudSqlProperties}).
 *
 * @param home      where the local control plane keeps its database, API key, results and runner logs
 * @param apiUrl    how runners reach this control plane; defaults to {@code http://127.0.0.1:<server port>}
 * @param localPool the default work pool {@code local}, created at start when missing
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
        @Valid @DefaultValue Api api,
        @Valid @DefaultValue LocalPool localPool,
        @Valid @DefaultValue Logs logs,
        @Valid @DefaultValue Retention retention,
        @Valid @DefaultValue Results results,
        @Valid @DefaultValue Webhooks webhooks,
        @NotNull @DefaultValue("local") Transport transport) {

    /** How dispatches reach the launcher: in this process, or through Pub/Sub ({@code runway.pubsub.*}). */
    public enum Transport {
        LOCAL, PUBSUB
    }

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
     * @param redeliverAfter a dispatch whose launch is not recorded this long after it was sent is sent again,
     *                     and a launch reserved this long ago but never started may be taken over
     */
    public record Dispatch(@NotNull @DefaultValue("1s") Duration pollInterval, @Min(1) @DefaultValue("100") int batchSize,
                           @NotNull @DefaultValue("15s") Duration lateAfter,
                           @NotNull @DefaultValue("30s") Duration redeliverAfter) {
    }

    /**
     * @param heartbeatTimeout a RUNNING run silent for longer is CRASHED
     * @param launchTimeout    a run whose runner was started this long ago and has not claimed it is CRASHED
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
     * @param jvmArgs          extra JVM options for each runner; the defaults start a short-lived JVM faster (runners
     *                         map a start-up cache recorded with these options, recorded again when they change)
     * @param heartbeatSeconds how often runners send heartbeats
     * @param env              environment variables every runner gets, e.g. {@code runway.launcher.env[HTTPS_PROXY]};
     *                         runners do not inherit the control plane's environment, only PATH, HOME, the locale,
     *                         the time zone and the like (see {@code launch.RunnerEnvironment}), these entries,
     *                         then the {@code env} of their run's job template, and their run's {@code RUNWAY_*}
     *                         variables, which neither can replace
     */
    public record Launcher(@NotNull @DefaultValue("functions/target/runway-runner.jar") Path runnerJar,
                           String java,
                           @DefaultValue({"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}) List<String> jvmArgs,
                           @Min(1) @DefaultValue("5") int heartbeatSeconds,
                           Map<String, String> env) {

        /** What a runner's environment variable may be called; a job template's {@code env} names too. */
        public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Launcher {
            env = env == null ? Map.of() : Map.copyOf(env);
            for (String name : env.keySet()) {
                if (!VARIABLE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("runway.launcher.env: '" + name + "' is not an environment"
                            + " variable name (letters, digits and _; write runway.launcher.env[NAME] to keep its case)");
                }
            }
        }
    }

    /** @param registerOnStart upsert the deployments the runner jar declares when the control plane starts */
    public record Deployments(@DefaultValue("true") boolean registerOnStart) {
    }

    /**
     * Bounds of what the API accepts.
     *
     * @param maxRequestBytes    the largest request body the API reads (e.g. {@code 1MB}, {@code 512KB}, or bytes);
     *                           a longer one is refused with 413 as soon as it is declared or counted, runner
     *                           batches included
     * @param maxParametersBytes the most JSON a run's parameters, a deployment's default parameters, its
     *                           parameter schema or its job variables may take (plain bytes, or e.g. {@code 64KB})
     */
    public record Api(@NotNull @DefaultValue("1MB") DataSize maxRequestBytes,
                      @NotNull @DefaultValue("64KB") DataSize maxParametersBytes) {
        public Api {
            if (maxRequestBytes != null && maxRequestBytes.toBytes() < 1) {
                throw new IllegalArgumentException("runway.api.max-request-bytes must be at least 1 byte, not "
                        + maxRequestBytes);
            }
        }
    }

    /**
     * @param maxLinesPerRun log lines a run keeps: the runner stops sending past it and ends the run's logs with a
     *                       line saying how many were left out; the control plane stores no more than this either
     */
    public record Logs(@Min(1) @DefaultValue("100000") int maxLinesPerRun) {
    }

    /**
     * What is kept how long. A zero duration keeps it for ever.
     *
     * @param finishedRuns     runs that ended (COMPLETED, FAILED, CRASHED, CANCELLED) longer ago than this are
     *                         deleted with their state history, task runs, logs and outbox rows
     * @param dispatchedOutbox outbox rows handed to the transport longer ago than this are deleted
     * @param checkInterval    how often the retention loop looks
     * @param batchSize        rows deleted per transaction, so a large backlog never holds one long transaction
     */
    public record Retention(@NotNull @DurationMin(seconds = 0) @DefaultValue("30d") Duration finishedRuns,
                            @NotNull @DurationMin(seconds = 0) @DefaultValue("1d") Duration dispatchedOutbox,
                            @NotNull @DurationMin(seconds = 1) @DefaultValue("10m") Duration checkInterval,
                            @Min(1) @DefaultValue("1000") int batchSize) {
    }

    /**
     * @param concurrencyLimit the concurrency limit the default pool {@code local} is created with (when it does not
     *                         exist yet; later the API and {@code runway pools set-limit} change it); empty: the number
     *                         of processors available to the control plane
     */
    public record LocalPool(@Min(1) Integer concurrencyLimit) {

        public int concurrencyLimitOrDefault() {
            return concurrencyLimit == null ? Runtime.getRuntime().availableProcessors() : concurrencyLimit;
        }
    }

    /**
     * @param maxBytes the largest JSON result a flow may return; a larger one fails its run
     * @param store    where results are kept, as a URI whose scheme picks the store: {@code file:///absolute/folder/}
     *                 or {@code gs://bucket/prefix}; runners get it as {@code RUNWAY_RESULT_STORE}. Empty:
     *                 {@code <home>/results}
     */
    public record Results(@Min(1) @DefaultValue("10485760") long maxBytes, URI store) {
    }

    /**
     * @param key          the key webhook secrets are stored encrypted under: 32 bytes in base64 (e.g. from
     *                     {@code openssl rand -base64 32}); every control plane sharing a database needs the same one.
     *                     Empty: read or create {@code <home>/webhook.key}
     * @param maxBodyBytes the largest delivery {@code POST /hooks/{slug}} reads (e.g. {@code 1MB}); a longer one is
     *                     refused with 413 as soon as it is declared or counted, in place of
     *                     {@code runway.api.max-request-bytes}
     */
    public record Webhooks(String key, @NotNull @DefaultValue("1MB") DataSize maxBodyBytes) {
        public Webhooks {
            if (maxBodyBytes != null && maxBodyBytes.toBytes() < 1) {
                throw new IllegalArgumentException("runway.webhooks.max-body-bytes must be at least 1 byte, not "
                        + maxBodyBytes);
            }
        }
    }

    public Path resultsFolder() {
        return home.resolve("results");
    }

    /** The result store's URI: {@code runway.results.store}, or the results folder in the home. */
    public URI resultStore() {
        return results.store() != null ? results.store() : resultsFolder().toAbsolutePath().normalize().toUri();
    }

    /**
     * The folder results are kept in when the store is local ({@code file:}); empty for any other store, and for a
     * {@code file:} URI that names no folder, which the result store itself refuses at start with the forms it takes.
     */
    public Optional<Path> localResultsFolder() {
        URI store = resultStore();
        if (!"file".equalsIgnoreCase(store.getScheme()) || store.isOpaque() || store.getAuthority() != null) {
            return Optional.empty();
        }
        return Optional.of(Path.of(store.getPath()));
    }
}

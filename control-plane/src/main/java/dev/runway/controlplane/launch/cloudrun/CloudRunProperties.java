package dev.runway.controlplane.launch.cloudrun;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Cloud Run launcher for work pools of type {@code cloud-run} ({@code runway.cloud-run.enabled=true}).
 * What each run starts from (image, region, resources, …) is the pool's base job template with the deployment's
 * job variables over it; these settings are the launcher's own.
 *
 * @param enabled               serve {@code cloud-run} pools from this control plane
 * @param project               the project of templates that name none
 * @param region                the region of templates that name none
 * @param endpoint              {@code host:port} of the Cloud Run Admin API
 * @param plaintext             talk to {@code endpoint} without TLS or credentials (a local fake)
 * @param jobPrefix             the start of the names of the jobs Runway creates (a template may name its job instead)
 * @param runJobsPerMinute      the most {@code RunJob} calls per minute from this control plane; keep it under the
 *                              region's quota (commonly 180 per minute)
 * @param maxRateWait           how long a launch may wait for its turn under that rate before its run is handed back
 *                              to wait ({@code LaunchRateLimited}); shorter than {@code runway.dispatch.redeliver-after}
 * @param maxInFlight           the most executions started by Runway and not finished, across its cloud-run pools
 *                              (Cloud Run allows 1,000 at once per region); more wait as {@code AwaitingInfrastructureSlot}
 * @param runJobAttempts        how often one launch calls {@code RunJob} on 429/5xx before handing its run back
 * @param retryBackoff          the wait after the first failed call; it doubles with each further one
 * @param unavailableRetryAfter when a run handed back (quota, in-flight cap, outage) is tried again
 * @param watchInterval         how often executions in flight are looked at
 * @param callTimeout           the longest one Admin API call may take; twice it plus {@code maxRateWait} must be
 *                              shorter than {@code runway.dispatch.redeliver-after}, after which another launch may take
 *                              over the attempt
 */
@Validated
@ConfigurationProperties("runway.cloud-run")
public record CloudRunProperties(
        @DefaultValue("false") boolean enabled,
        String project,
        String region,
        @NotBlank @DefaultValue("run.googleapis.com:443") String endpoint,
        @DefaultValue("false") boolean plaintext,
        @NotNull @Pattern(regexp = "[a-z][a-z0-9-]{0,19}", message = "must be 1 to 20 lowercase letters, digits or -, starting with a letter")
        @DefaultValue("runway") String jobPrefix,
        @Min(1) @DefaultValue("150") int runJobsPerMinute,
        @NotNull @DefaultValue("5s") Duration maxRateWait,
        @Min(1) @DefaultValue("1000") int maxInFlight,
        @Min(1) @DefaultValue("3") int runJobAttempts,
        @NotNull @DefaultValue("1s") Duration retryBackoff,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration unavailableRetryAfter,
        @NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration watchInterval,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration callTimeout) {
}

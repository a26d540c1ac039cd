package dev.runway.model.schedule;

import dev.runway.model.json.Json;
import java.time.LocalDateTime;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * One schedule of a deployment as a user declares it (an entry of {@code schedules} in deployments.yaml or in
 * {@code PUT /api/deployments/{name}}): either a {@code cron} read in {@code timezone}, or an {@code interval} in step
 * with an {@code anchor}. {@link ScheduleValidator} says what is wrong with one; {@link Schedule#of} compiles it.
 *
 * @param cron       5 fields ({@code minute hour day-of-month month day-of-week}) or 6 ({@code second} first), as
 *                   Unix crontab writes them; see {@link Schedule} for daylight-saving time
 * @param timezone   IANA time zone id ({@code Europe/Paris}) the cron, and an anchor without an offset, are read in;
 *                   default {@value #DEFAULT_TIMEZONE}
 * @param interval   ISO-8601 duration between fire times, from {@code PT1S} to {@code P366D}; {@code P1D} is 24 hours
 *                   of elapsed time, whatever the clocks do (for "every day at 9" use a cron)
 * @param anchor     a fire time the interval keeps in step with: an ISO-8601 date-time with an offset
 *                   ({@code 2026-01-01T09:00:00+01:00}), or without one, read in {@code timezone}; default
 *                   {@link #DEFAULT_ANCHOR} in {@code timezone}. Not a start: fire times before it count too
 * @param parameters merged over the deployment's parameters for the runs this schedule makes
 * @param active     false pauses this schedule alone; default true
 * @param catchUp    {@code skip}, {@code latest} (default) or {@code all}: see {@link CatchUpPolicy}
 * @param overlap    {@code allow} (default), {@code skip} or {@code queue}: see {@link OverlapPolicy}
 */
public record ScheduleSpec(
        String cron,
        String timezone,
        String interval,
        String anchor,
        ObjectNode parameters,
        Boolean active,
        String catchUp,
        String overlap) {

    public static final String DEFAULT_TIMEZONE = "UTC";
    public static final LocalDateTime DEFAULT_ANCHOR = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** A cron schedule, everything else left to its default. */
    public static ScheduleSpec cron(String cron, String timezone) {
        return new ScheduleSpec(cron, timezone, null, null, null, null, null, null);
    }

    /** An interval schedule, everything else left to its default; {@code anchor} may be null. */
    public static ScheduleSpec interval(String interval, String anchor) {
        return new ScheduleSpec(null, null, interval, anchor, null, null, null, null);
    }

    /** This spec, each field left out set to its default: what a deployment stores. */
    public ScheduleSpec withDefaults() {
        return new ScheduleSpec(cron,
                timezone == null ? DEFAULT_TIMEZONE : timezone,
                interval,
                anchor,
                parameters == null ? Json.mapper().createObjectNode() : parameters,
                active == null || active,
                catchUp == null ? CatchUpPolicy.LATEST.wireName() : catchUp.toLowerCase(Locale.ROOT),
                overlap == null ? OverlapPolicy.ALLOW.wireName() : overlap.toLowerCase(Locale.ROOT));
    }

    /** This spec, paused ({@code false}), running ({@code true}) or left to its default ({@code null}). */
    public ScheduleSpec withActive(Boolean newActive) {
        return new ScheduleSpec(cron, timezone, interval, anchor, parameters, newActive, catchUp, overlap);
    }

    /**
     * What to do with missed fire times.
     *
     * @throws IllegalArgumentException when {@code catchUp} names no policy ({@link ScheduleValidator} reports it)
     */
    public CatchUpPolicy catchUpPolicy() {
        return catchUp == null ? CatchUpPolicy.LATEST : CatchUpPolicy.named(catchUp)
                .orElseThrow(() -> new IllegalArgumentException("no catch-up policy '" + catchUp + "'"));
    }

    /**
     * What to do when a fire time comes while the previous run is still going.
     *
     * @throws IllegalArgumentException when {@code overlap} names no policy ({@link ScheduleValidator} reports it)
     */
    public OverlapPolicy overlapPolicy() {
        return overlap == null ? OverlapPolicy.ALLOW : OverlapPolicy.named(overlap)
                .orElseThrow(() -> new IllegalArgumentException("no overlap policy '" + overlap + "'"));
    }
}

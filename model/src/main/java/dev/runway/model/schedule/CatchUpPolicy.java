package dev.runway.model.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a schedule does with the fire times it missed while the control plane was down or the deployment paused. */
public enum CatchUpPolicy {
    /** Missed fire times make no runs; the schedule goes on from now. */
    SKIP,
    /** The latest missed fire time makes one run; the others make none. */
    LATEST,
    /** Every missed fire time makes a run, up to a bound the scheduler sets. */
    ALL;

    /** How it is written in a spec: {@code skip}, {@code latest}, {@code all}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy written as {@code name}, in any case; empty when there is none of that name. */
    public static Optional<CatchUpPolicy> named(String name) {
        return Arrays.stream(values()).filter(policy -> policy.wireName().equalsIgnoreCase(name)).findFirst();
    }
}

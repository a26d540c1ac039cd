package dev.runway.model.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a schedule does when it fires while the run it made the time before is still going. */
public enum OverlapPolicy {
    /** Start the new run anyway. */
    ALLOW,
    /** Make no run for this fire time, and record that it was skipped. */
    SKIP,
    /** Keep one run waiting until the running one ends; further fire times meanwhile are skipped. */
    QUEUE;

    /** How it is written in a spec: {@code allow}, {@code skip}, {@code queue}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy written as {@code name}, in any case; empty when there is none of that name. */
    public static Optional<OverlapPolicy> named(String name) {
        return Arrays.stream(values()).filter(policy -> policy.wireName().equalsIgnoreCase(name)).findFirst();
    }
}

package dev.runway.controlplane.schedules;

import dev.runway.model.schedule.CatchUpPolicy;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * What a schedule's catch-up policy does with its missed fire times: those whose runs were made ahead but never
 * dispatched (the control plane was down, the deployment paused), and the latest of those never made at all.
 */
final class CatchUp {

    /**
     * @param run    the fire times to run now, earliest first: made already, or to be made
     * @param missed the made ones that never run, earliest first: they end CANCELLED, named Missed
     */
    record Decision(List<Instant> run, List<Instant> missed) {
    }

    private CatchUp() {
    }

    /** How many fire times never made the policy needs to know of, the latest ones. */
    static int unmadeNeeded(CatchUpPolicy policy, int maxCatchUp) {
        return switch (policy) {
            case SKIP -> 0;
            case LATEST -> 1;
            case ALL -> maxCatchUp;
        };
    }

    /**
     * @param made   missed fire times whose runs exist, earliest first
     * @param unmade the latest missed fire times whose runs were never made, earliest first
     */
    static Decision decide(CatchUpPolicy policy, List<Instant> made, List<Instant> unmade, int maxCatchUp) {
        TreeSet<Instant> all = new TreeSet<>(made);
        all.addAll(unmade);
        int keep = switch (policy) {
            case SKIP -> 0;
            case LATEST -> Math.min(1, all.size());
            case ALL -> Math.min(maxCatchUp, all.size());
        };
        List<Instant> run = List.copyOf(all).subList(all.size() - keep, all.size());
        return new Decision(List.copyOf(run), made.stream().filter(fire -> !run.contains(fire)).toList());
    }
}

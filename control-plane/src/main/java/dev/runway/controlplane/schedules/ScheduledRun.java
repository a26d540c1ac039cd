package dev.runway.controlplane.schedules;

import dev.runway.controlplane.store.StoredSchedule;
import dev.runway.model.Deployment;
import dev.runway.model.FlowRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run a schedule makes for one fire time. Everything in it follows from the deployment, the schedule and the fire
 * time, its idempotency key above all ({@code schedule:<id>:<fire time>}): two control planes, or one before and after
 * a restart, make the same run, and the database keeps one.
 */
final class ScheduledRun {

    private ScheduledRun() {
    }

    static String idempotencyKey(StoredSchedule schedule, Instant fireTime) {
        return schedule.createdBy() + ":" + fireTime;
    }

    /** @param parameters the deployment's merged with the schedule's, already checked against the schema */
    static FlowRun of(Deployment deployment, StoredSchedule schedule, ObjectNode parameters, Instant fireTime,
                      Instant now) {
        String key = idempotencyKey(schedule, fireTime);
        return FlowRun.scheduled(UUID.randomUUID(), deployment.spec().name() + "-" + shortHash(key), deployment,
                parameters, fireTime, key, schedule.createdBy(), now);
    }

    private static String shortHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

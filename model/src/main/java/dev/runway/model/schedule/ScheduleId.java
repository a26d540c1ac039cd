package dev.runway.model.schedule;

import dev.runway.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A schedule's id within its deployment: 12 hex digits of a SHA-256 over what decides which runs it makes and with
 * which parameters ({@code cron}, {@code timezone}, {@code interval}, {@code anchor}, {@code parameters}, defaults
 * applied). Changing any of them makes another schedule, whose runs replace the old one's; {@code active},
 * {@code catchUp} and {@code overlap} change how the same runs are treated and keep the id. The same declaration gets
 * the same id on every control plane and after every restart, so the runs' idempotency keys can name it.
 */
public final class ScheduleId {

    private static final JsonMapper SORTED = Json.mapper().rebuild()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private ScheduleId() {
    }

    public static String of(ScheduleSpec spec) {
        ScheduleSpec full = spec.withDefaults();
        ArrayNode defining = SORTED.createArrayNode()
                .add(full.cron()).add(full.timezone()).add(full.interval()).add(full.anchor());
        defining.add(full.parameters());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SORTED.writeValueAsString(defining).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

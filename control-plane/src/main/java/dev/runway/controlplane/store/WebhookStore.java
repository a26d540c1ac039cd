package dev.runway.controlplane.store;

import dev.runway.model.Page;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Webhooks, keyed by their unique slug. */
@Repository
public class WebhookStore {

    private static final String COLUMNS = "id, slug, deployment_name, mode, header_name, secret, template, sync,"
            + " timeout_seconds, enabled, created_at, updated_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    public WebhookStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Creates the webhook {@code spec} describes (every default filled in), enabled, unless one of its slug exists.
     *
     * @param encryptedSecret its secret as {@code webhooks.WebhookSecrets} stores it
     * @return the webhook created; empty when the slug is taken
     */
    public Optional<StoredWebhook> insert(WebhookSpec spec, String encryptedSecret) {
        Instant now = clock.instant();
        try {
            jdbc.sql("insert into webhooks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID(), spec.slug(), spec.deployment(), spec.mode(), spec.header(),
                            encryptedSecret, spec.template() == null ? null : Columns.json(spec.template()),
                            spec.sync(), spec.timeoutSeconds(), true, Columns.time(now), Columns.time(now))
                    .update();
        } catch (DuplicateKeyException slugTaken) {
            return Optional.empty();
        }
        return find(spec.slug());
    }

    public Optional<StoredWebhook> find(String slug) {
        return jdbc.sql("select " + COLUMNS + " from webhooks where slug = ?").param(slug)
                .query(WebhookStore::map).optional();
    }

    /** Sorted by slug; without their secrets. */
    public Page<Webhook> list(int offset, int limit) {
        long total = jdbc.sql("select count(*) from webhooks").query(Long.class).single();
        List<Webhook> items = jdbc.sql("select " + COLUMNS + " from webhooks order by slug limit ? offset ?")
                .params(limit, offset).query(WebhookStore::map).list().stream().map(StoredWebhook::webhook).toList();
        return new Page<>(items, offset, limit, total);
    }

    /** Replaces the stored secret; false when there is no such webhook. */
    public boolean setSecret(String slug, String encryptedSecret) {
        return jdbc.sql("update webhooks set secret = ?, updated_at = ? where slug = ?")
                .params(encryptedSecret, Columns.time(clock.instant()), slug).update() == 1;
    }

    /** False when there is no such webhook. */
    public boolean setEnabled(String slug, boolean enabled) {
        return jdbc.sql("update webhooks set enabled = ?, updated_at = ? where slug = ?")
                .params(enabled, Columns.time(clock.instant()), slug).update() == 1;
    }

    /** Deletes the webhook and the record of its deliveries (not their runs); false when there was none. */
    public boolean delete(String slug) {
        return jdbc.sql("delete from webhooks where slug = ?").param(slug).update() == 1;
    }

    private static StoredWebhook map(ResultSet rs, int row) throws SQLException {
        WebhookSpec spec = new WebhookSpec(rs.getString("slug"), rs.getString("deployment_name"),
                Columns.object(rs, "template"), rs.getBoolean("sync"), (Integer) rs.getObject("timeout_seconds"),
                rs.getString("mode"), rs.getString("header_name"));
        Webhook webhook = new Webhook(spec, rs.getBoolean("enabled"), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"));
        return new StoredWebhook(Columns.uuid(rs, "id"), webhook, rs.getString("secret"));
    }
}

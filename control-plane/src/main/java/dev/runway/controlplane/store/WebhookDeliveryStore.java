package dev.runway.controlplane.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries each webhook turned into a run, by the id their sender gave them. A row is written in the
 * transaction that inserts its run, and goes when its run or its webhook is deleted.
 */
@Repository
public class WebhookDeliveryStore {

    private final JdbcClient jdbc;

    public WebhookDeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The run the webhook started for this delivery, if it has seen it. */
    public Optional<UUID> findRun(UUID webhookId, String deliveryId) {
        return jdbc.sql("select flow_run_id from webhook_deliveries where webhook_id = ? and delivery_id = ?")
                .params(webhookId, deliveryId).query(UUID.class).optional();
    }

    /**
     * Records that the delivery started the run.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the webhook has a run for this delivery already
     * @throws org.springframework.dao.DataIntegrityViolationException when the webhook or the run is gone
     */
    public void insert(UUID webhookId, String deliveryId, UUID runId, Instant now) {
        jdbc.sql("insert into webhook_deliveries (webhook_id, delivery_id, flow_run_id, created_at) values (?, ?, ?, ?)")
                .params(webhookId, deliveryId, runId, Columns.time(now)).update();
    }
}

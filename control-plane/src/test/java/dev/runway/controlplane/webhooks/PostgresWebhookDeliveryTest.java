package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.store.TestDatabase;

/** The webhook contract on a real PostgreSQL (see {@link TestDatabase#postgres()}). */
class PostgresWebhookDeliveryTest extends WebhookDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}

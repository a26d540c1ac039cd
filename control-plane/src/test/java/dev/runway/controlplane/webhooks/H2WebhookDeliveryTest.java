package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.store.TestDatabase;

/** The webhook contract on H2 in PostgreSQL mode, the embedded default. */
class H2WebhookDeliveryTest extends WebhookDeliveryContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}

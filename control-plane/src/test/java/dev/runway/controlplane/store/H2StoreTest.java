package dev.runway.controlplane.store;

/** The persistence contract on H2 in PostgreSQL mode, the embedded default. */
class H2StoreTest extends StoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}

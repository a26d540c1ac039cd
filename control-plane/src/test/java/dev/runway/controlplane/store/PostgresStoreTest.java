package dev.runway.controlplane.store;

/** The persistence contract on a real PostgreSQL (see {@link TestDatabase#postgres()}). */
class PostgresStoreTest extends StoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}

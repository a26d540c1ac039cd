package dev.runway.controlplane.store;

/** The work pool contract on a real PostgreSQL (see {@link TestDatabase#postgres()}). */
class PostgresWorkPoolTest extends WorkPoolContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}

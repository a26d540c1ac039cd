package dev.runway.controlplane.store;

/** The work pool contract on H2 in PostgreSQL mode, the embedded default. */
class H2WorkPoolTest extends WorkPoolContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}

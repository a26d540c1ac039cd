package dev.runway.controlplane.schedules;

import dev.runway.controlplane.store.TestDatabase;

/** The schedule contract on a real PostgreSQL (see {@link TestDatabase#postgres()}), two control planes included. */
class PostgresScheduleTest extends ScheduleContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }
}

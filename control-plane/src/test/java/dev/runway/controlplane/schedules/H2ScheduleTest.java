package dev.runway.controlplane.schedules;

import dev.runway.controlplane.store.TestDatabase;

/** The schedule contract on H2 in PostgreSQL mode, the embedded default. */
class H2ScheduleTest extends ScheduleContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.h2();
    }
}

-- A deployment's schedules, one row each, keyed by the schedule's id: a hash of what decides its runs
-- (model ScheduleId), so a changed schedule is a new row and its old row goes with the runs it made ahead.
-- spec: the schedule as declared, defaults filled in, as JSON text; active: paused or not, as it is now.
-- planned_through: every fire time up to it has its run made (or was passed over by catch-up).
-- next_pass: when the scheduler must look at the schedule again; null when it never fires again.
create table deployment_schedules (
    deployment_id   uuid not null references deployments (id),
    id              varchar(32) not null,
    list_index      integer not null,
    spec            text not null,
    active          boolean not null,
    planned_through timestamp with time zone not null,
    next_pass       timestamp with time zone,
    updated_at      timestamp with time zone not null,
    primary key (deployment_id, id)
);
create index deployment_schedules_next_pass on deployment_schedules (next_pass);

-- A schedule's runs in a state (its previous run under way, its runs not started yet): runs of one schedule
-- share their deployment and their created_by, schedule:<id>.
create index flow_runs_created_by on flow_runs (deployment_id, created_by, state_type);

-- Bounded input and output (runs on H2 in PostgreSQL mode and on PostgreSQL alike).

-- How many log lines a run has stored, so the per-run cap (runway.logs.max-lines-per-run) and the
-- listing's total need no count over the lines.
alter table flow_runs add column log_lines integer default 0 not null;
update flow_runs set log_lines = (select count(*) from logs where logs.flow_run_id = flow_runs.id);

-- What identifies the request that created a run with an idempotency key: the same key with another
-- request is refused. Null for runs created before this column, which match any request.
alter table flow_runs add column idempotency_fingerprint varchar(64);

-- Retention finds finished runs by the time they entered their terminal state.
create index flow_runs_state_time on flow_runs (state_type, state_timestamp);

-- Deleting a run checks (and retention deletes) its outbox rows.
create index outbox_run on outbox (flow_run_id);

package dev.runway.controlplane.store;

import dev.runway.model.FlowRun;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Flow runs and their state history. Every state write is conditional on the version that was
 * read, and appends its history row in the same transaction (the caller's).
 */
@Repository
public class FlowRunStore {

    private static final String COLUMNS = columns("parameters");
    /** Listings leave out the parameters (up to runway.api.max-parameters-bytes each); one run has them. */
    private static final String LIST_COLUMNS = columns("null as parameters");
    private static final List<String> FINISHED = Arrays.stream(StateType.values()).filter(StateType::isTerminal)
            .map(StateType::name).toList();

    /** A run found by its idempotency key, with the fingerprint of the request that created it. */
    public record KeyedRun(FlowRun run, String requestFingerprint) {
    }


    private final JdbcClient jdbc;

    public FlowRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a new run and its first history row.
     *
     * @param requestFingerprint what identifies the request that created a run with an idempotency key
     */
    public void insert(FlowRun run, String requestFingerprint, UUID transitionId) {
        List<Object> values = new ArrayList<>(values(run));
        values.add(requestFingerprint);
        jdbc.sql("insert into flow_runs (" + COLUMNS + ", idempotency_fingerprint) values (" + placeholders(values.size())
                        + ")")
                .params(values).update();
        appendHistory(run.id(), transitionId, run.state());
    }

    /**
     * Inserts a new run and its first history row unless a run of its deployment has its idempotency key already
     * (another control plane, or an earlier pass, made it): then it writes nothing and answers false. The unique key
     * decides, so nothing fails and no transaction is spoilt.
     */
    public boolean insertIfAbsent(FlowRun run, UUID transitionId) {
        List<Object> values = values(run);
        boolean inserted = jdbc.sql("insert into flow_runs (" + COLUMNS + ") values (" + placeholders(values.size())
                        + ") on conflict do nothing")
                .params(values).update() == 1;
        if (inserted) {
            appendHistory(run.id(), transitionId, run.state());
        }
        return inserted;
    }

    /** A new run's values for {@link #COLUMNS}. */
    private static List<Object> values(FlowRun run) {
        State s = run.state();
        return Arrays.asList(run.id(), run.name(), run.deploymentId(), run.deploymentName(), run.flowName(),
                Columns.json(run.parameters()), s.type().name(), s.name(), s.message(),
                Columns.time(s.timestamp()), Columns.time(s.scheduledTime()), run.runCount(),
                run.maxRetries(), run.retryDelaySeconds(), Columns.time(run.expectedStartTime()),
                Columns.time(run.startTime()), Columns.time(run.endTime()), run.infrastructureId(), null,
                run.resultRef(), run.idempotencyKey(), run.createdBy(), Columns.json(run.tags()), null, null,
                0L, Columns.time(run.createdAt()), Columns.time(run.updatedAt()));
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    public Optional<StoredRun> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where id = ?").param(id)
                .query(FlowRunStore::map).optional();
    }

    public Optional<KeyedRun> findByIdempotencyKey(UUID deploymentId, String key) {
        return jdbc.sql("select " + COLUMNS + ", idempotency_fingerprint from flow_runs"
                        + " where deployment_id = ? and idempotency_key = ?")
                .params(deploymentId, key)
                .query((rs, row) -> new KeyedRun(map(rs, row).run(), rs.getString("idempotency_fingerprint")))
                .optional();
    }

    /**
     * Writes {@code next}'s state and run fields if the run is still as {@code current} was read: same
     * version, and no heartbeat since (a verdict on silence must not land on a runner that just spoke).
     *
     * @return false when someone else wrote first: nothing was written
     */
    public boolean transition(StoredRun current, FlowRun next, String claimant, UUID transitionId) {
        if (!update(current, next, claimant)) {
            return false;
        }
        appendHistory(next.id(), transitionId, next.state());
        return true;
    }

    private boolean update(StoredRun current, FlowRun next, String claimant) {
        State s = next.state();
        int rows = jdbc.sql("""
                        update flow_runs set state_type = ?, state_name = ?, state_message = ?, state_timestamp = ?,
                          state_scheduled_time = ?, run_count = ?, expected_start_time = ?, start_time = ?,
                          end_time = ?, result_ref = ?, claimant = ?, version = version + 1, updated_at = ?
                        where id = ? and version = ? and last_heartbeat is not distinct from ?""")
                .params(s.type().name(), s.name(), s.message(), Columns.time(s.timestamp()),
                        Columns.time(s.scheduledTime()), next.runCount(), Columns.time(next.expectedStartTime()),
                        Columns.time(next.startTime()), Columns.time(next.endTime()), next.resultRef(), claimant,
                        Columns.time(next.updatedAt()), next.id(), current.version(),
                        Columns.time(current.lastHeartbeat()))
                .update();
        return rows == 1;
    }

    /** One state write of {@link #transitionAll}: the run as read, as it is to be, and who holds it then. */
    public record Write(StoredRun current, FlowRun next, String claimant) {
    }

    /**
     * As {@link #transition} (without transition ids) for each write, their history rows added in one statement: for
     * many runs in one transaction (the caller's).
     *
     * @return for each write, whether it was made (false: someone else wrote first)
     */
    public List<Boolean> transitionAll(List<Write> writes) {
        List<Boolean> written = new ArrayList<>();
        List<Object> history = new ArrayList<>();
        for (Write write : writes) {
            boolean updated = update(write.current(), write.next(), write.claimant());
            written.add(updated);
            if (updated) {
                State s = write.next().state();
                history.addAll(Arrays.asList(write.next().id(), null, s.type().name(), s.name(), s.message(),
                        Columns.time(s.timestamp()), Columns.time(s.scheduledTime()), s.resultRef()));
            }
        }
        if (!history.isEmpty()) {
            jdbc.sql("insert into flow_run_states (flow_run_id, transition_id, type, name, message, state_time,"
                            + " scheduled_time, result_ref) values "
                            + String.join(", ", Collections.nCopies(history.size() / 8, "(?, ?, ?, ?, ?, ?, ?, ?)")))
                    .params(history).update();
        }
        return written;
    }

    /** The state a transition id produced, if that transition was already applied. */
    public Optional<State> findTransition(UUID runId, UUID transitionId) {
        return jdbc.sql("select * from flow_run_states where flow_run_id = ? and transition_id = ?")
                .params(runId, transitionId).query(FlowRunStore::mapState).optional();
    }

    /** A run's states, oldest first. */
    public Page<State> history(UUID runId, int offset, int limit) {
        long total = jdbc.sql("select count(*) from flow_run_states where flow_run_id = ?").param(runId)
                .query(Long.class).single();
        List<State> items = jdbc.sql("select * from flow_run_states where flow_run_id = ? order by id limit ? offset ?")
                .params(runId, limit, offset).query(FlowRunStore::mapState).list();
        return new Page<>(items, offset, limit, total);
    }

    public Page<FlowRun> list(RunFilter filter) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (filter.states() != null && !filter.states().isEmpty()) {
            where.append(" and state_type in (")
                    .append(filter.states().stream().map(t -> "?").collect(Collectors.joining(", "))).append(")");
            filter.states().forEach(t -> params.add(t.name()));
        }
        if (filter.deploymentName() != null) {
            where.append(" and deployment_name = ?");
            params.add(filter.deploymentName());
        }
        if (filter.since() != null) {
            where.append(" and created_at >= ?");
            params.add(Columns.time(filter.since()));
        }
        if (filter.until() != null) {
            where.append(" and created_at < ?");
            params.add(Columns.time(filter.until()));
        }
        long total = jdbc.sql("select count(*) from flow_runs" + where).params(params)
                .query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(filter.limit());
        pageParams.add(filter.offset());
        List<FlowRun> items = jdbc.sql("select " + LIST_COLUMNS + " from flow_runs" + where
                        + " order by created_at desc, id limit ? offset ?")
                .params(pageParams).query(FlowRunStore::map).list().stream().map(StoredRun::run).toList();
        return new Page<>(items, filter.offset(), filter.limit(), total);
    }

    /**
     * SCHEDULED runs due by {@code now} whose deployment is not paused, oldest first. Left out: a schedule's run
     * missed before {@code missedBefore}, which its schedule's catch-up decides on, and a run queued behind its
     * schedule's previous run (AwaitingPrevious) while that one is under way.
     */
    public List<StoredRun> findDue(Instant now, Instant missedBefore, int limit) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs r where state_type = 'SCHEDULED'"
                        + " and expected_start_time <= :now"
                        + " and not exists (select 1 from deployments d where d.id = r.deployment_id and d.paused)"
                        + " and not (created_by like :bySchedule and run_count = 0 and state_name <> :queued"
                        + "          and expected_start_time < :missedBefore)"
                        + " and not (state_name = :queued and exists (select 1 from flow_runs p"
                        + "          where p.deployment_id = r.deployment_id and p.created_by = r.created_by"
                        + "          and p.state_type in " + Columns.UNDER_WAY + "))"
                        + " order by expected_start_time limit :limit")
                .param("now", Columns.time(now)).param("bySchedule", FlowRun.BY_SCHEDULE + "%")
                .param("queued", StateNames.AWAITING_PREVIOUS).param("missedBefore", Columns.time(missedBefore))
                .param("limit", limit).query(FlowRunStore::map).list();
    }

    /** When the first SCHEDULED run due after {@code now} is due; empty when there is none. */
    public Optional<Instant> nextDue(Instant now) {
        return jdbc.sql("select min(expected_start_time) as due from flow_runs where state_type = 'SCHEDULED'"
                        + " and expected_start_time > ?")
                .param(Columns.time(now)).query((rs, row) -> Optional.ofNullable(Columns.instant(rs, "due"))).single();
    }

    /** SCHEDULED runs due before {@code cutoff} that are not marked Late yet, nor queued on purpose; oldest first. */
    public List<StoredRun> findLate(Instant cutoff, int limit) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where state_type = 'SCHEDULED' and expected_start_time < ?"
                        + " and state_name not in (?, ?) order by expected_start_time limit ?")
                .params(Columns.time(cutoff), StateNames.LATE, StateNames.AWAITING_PREVIOUS, limit)
                .query(FlowRunStore::map).list();
    }

    /**
     * The runs {@code createdBy} made that never started and are due before {@code cutoff}, earliest first: SCHEDULED
     * on their first attempt, not queued behind a previous run.
     */
    public List<StoredRun> findUnstartedBefore(UUID deploymentId, String createdBy, Instant cutoff) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where deployment_id = ? and created_by = ?"
                        + " and state_type = 'SCHEDULED' and run_count = 0 and state_name <> ?"
                        + " and expected_start_time < ? order by expected_start_time")
                .params(deploymentId, createdBy, StateNames.AWAITING_PREVIOUS, Columns.time(cutoff))
                .query(FlowRunStore::map).list();
    }

    /** A run {@code createdBy} made that is under way (PENDING, RUNNING, PAUSED, CANCELLING), if there is one. */
    public Optional<StoredRun> findUnderWay(UUID deploymentId, String createdBy) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where deployment_id = ? and created_by = ?"
                        + " and state_type in " + Columns.UNDER_WAY + " order by expected_start_time limit 1")
                .params(deploymentId, createdBy).query(FlowRunStore::map).optional();
    }

    /** A run {@code createdBy} made that is SCHEDULED under the name {@code name}, if there is one. */
    public Optional<StoredRun> findScheduledNamed(UUID deploymentId, String createdBy, String name) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where deployment_id = ? and created_by = ?"
                        + " and state_type = 'SCHEDULED' and state_name = ? order by expected_start_time limit 1")
                .params(deploymentId, createdBy, name).query(FlowRunStore::map).optional();
    }

    /**
     * Deletes, with their history, the runs {@code createdBy} made that never started (SCHEDULED on their first
     * attempt), due after {@code after} (any time when null). They are locked first, so a dispatch that raced for one
     * either came first (the run is no longer SCHEDULED and stays) or finds it gone. Answers how many.
     */
    public int deleteUnstarted(UUID deploymentId, String createdBy, Instant after) {
        List<UUID> ids = jdbc.sql("select id from flow_runs where deployment_id = :deployment and created_by = :by"
                        + " and state_type = 'SCHEDULED' and run_count = 0"
                        + (after == null ? "" : " and expected_start_time > :after") + " for update")
                .param("deployment", deploymentId).param("by", createdBy)
                .param("after", Columns.time(after))
                .query((rs, row) -> Columns.uuid(rs, "id")).list();
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.sql("delete from flow_run_states where flow_run_id in (:runs)").param("runs", ids).update();
        return jdbc.sql("delete from flow_runs where id in (:runs)").param("runs", ids).update();
    }

    /** RUNNING runs that have neither changed state nor sent a heartbeat since {@code cutoff}. */
    public List<StoredRun> findWithoutHeartbeatSince(Instant cutoff, int limit) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where state_type = 'RUNNING' and state_timestamp < ?"
                        + " and (last_heartbeat is null or last_heartbeat < ?) order by state_timestamp limit ?")
                .params(Columns.time(cutoff), Columns.time(cutoff), limit).query(FlowRunStore::map).list();
    }

    /** Runs that entered {@code state} before {@code cutoff} and are still in it. */
    public List<StoredRun> findInStateSince(StateType state, Instant cutoff, int limit) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where state_type = ? and state_timestamp < ?"
                        + " order by state_timestamp limit ?")
                .params(state.name(), Columns.time(cutoff), limit).query(FlowRunStore::map).list();
    }

    /**
     * Records that a runner of the current attempt is alive; false, recording nothing, when the attempt has moved
     * on or the run has ended (checked in the write itself, so a run that ends meanwhile takes no heartbeat).
     */
    public boolean heartbeat(UUID runId, int attempt, Instant now) {
        return jdbc.sql("update flow_runs set last_heartbeat = ? where id = ? and run_count = ? and state_type in "
                        + Columns.UNDER_WAY)
                .params(Columns.time(now), runId, attempt).update() == 1;
    }

    /**
     * Locks the run's row until the caller's transaction ends if {@code attempt} is its current one and under
     * way, so no transition can end the attempt while the caller writes for it.
     */
    public boolean lockIfUnderWay(UUID runId, int attempt) {
        return !jdbc.sql("select 1 from flow_runs where id = ? and run_count = ? and state_type in " + Columns.UNDER_WAY
                        + " for update")
                .params(runId, attempt).query(Integer.class).list().isEmpty();
    }

    /**
     * Takes the right to launch {@code attempt}. One caller at a time gets true per attempt, so a
     * dispatch delivered twice never starts two runners. A reservation older than {@code staleBefore}
     * whose launch was never recorded (its control plane died in between) can be taken again.
     */
    public boolean reserveLaunch(UUID runId, int attempt, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                        update flow_runs set launched_attempt = ?, launch_reserved_at = ?, launched_at = null
                        where id = ? and run_count = ? and state_type = 'PENDING'
                          and (launched_attempt is null or launched_attempt < ?
                               or (launched_attempt = ? and launched_at is null and launch_reserved_at < ?))""")
                .params(attempt, Columns.time(now), runId, attempt, attempt, attempt, Columns.time(staleBefore))
                .update() == 1;
    }

    /** Whether {@code attempt} is reserved for launching and no start of it was recorded. */
    public boolean reservedWithoutStart(UUID runId, int attempt) {
        return jdbc.sql("""
                        select count(*) from flow_runs where id = ? and launched_attempt = ? and launched_at is null
                          and launch_reserved_at is not null""")
                .params(runId, attempt).query(Long.class).single() == 1;
    }

    /** Whether {@link #reserveLaunch} would take the launch now (it checks again as it writes). */
    public boolean reservable(UUID runId, int attempt, Instant staleBefore) {
        return jdbc.sql("""
                        select count(*) from flow_runs
                        where id = ? and run_count = ? and state_type = 'PENDING'
                          and (launched_attempt is null or launched_attempt < ?
                               or (launched_attempt = ? and launched_at is null and launch_reserved_at < ?))""")
                .params(runId, attempt, attempt, attempt, Columns.time(staleBefore)).query(Long.class).single() == 1;
    }

    /** Gives up the reservation of an attempt whose launch could not be tried yet, so the next delivery may take it. */
    public void releaseLaunch(UUID runId, int attempt) {
        jdbc.sql("""
                        update flow_runs set launched_attempt = null, launch_reserved_at = null
                        where id = ? and launched_attempt = ? and launched_at is null""")
                .params(runId, attempt).update();
    }

    /** Whether {@code attempt} needs no more launching: it started, or the run moved past it. */
    public boolean launchSettled(UUID runId, int attempt) {
        return jdbc.sql("""
                        select count(*) from flow_runs
                        where id = ? and run_count = ? and state_type = 'PENDING' and launched_at is null""")
                .params(runId, attempt).query(Long.class).single() == 0;
    }

    /** Records the started infrastructure of a reserved attempt; the never-claimed timeout counts from now. */
    public void recordLaunch(UUID runId, int attempt, String infrastructureId, Instant now) {
        jdbc.sql("update flow_runs set infrastructure_id = ?, launched_at = ? where id = ? and launched_attempt = ?")
                .params(infrastructureId, Columns.time(now), runId, attempt).update();
    }

    /** PENDING runs whose runner was started before {@code cutoff} and has not claimed them. */
    public List<StoredRun> findLaunchedUnclaimedSince(Instant cutoff, int limit) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where state_type = 'PENDING' and launched_at < ?"
                        + " and launched_attempt = run_count order by launched_at limit ?")
                .params(Columns.time(cutoff), limit).query(FlowRunStore::map).list();
    }

    /**
     * Runs under way whose current attempt was launched on infrastructure whose id starts with {@code prefix},
     * longest launched first, from {@code offset}.
     */
    public List<StoredRun> findLaunchedUnderWay(String prefix, int offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from flow_runs where state_type in " + Columns.UNDER_WAY
                        + " and launched_attempt = run_count and infrastructure_id like ? order by launched_at, id"
                        + " limit ? offset ?")
                .params(prefix + "%", limit, offset).query(FlowRunStore::map).list();
    }

    /**
     * How many runs under way in work pools of type {@code poolType} have their current attempt launched or reserved
     * for launching: the infrastructure they hold or are about to.
     */
    public long countLaunchedOrReserved(String poolType) {
        return jdbc.sql("select count(*) from flow_runs r join deployments d on d.id = r.deployment_id"
                        + " join work_pools p on p.name = d.work_pool where p.type = ? and r.state_type in "
                        + Columns.UNDER_WAY + " and r.launched_attempt = r.run_count")
                .param(poolType).query(Long.class).single();
    }

    /** Like {@link #countLaunchedOrReserved} for the runs of one work pool. */
    public long countLaunchedOrReservedInPool(String pool) {
        return jdbc.sql("select count(*) from flow_runs r join deployments d on d.id = r.deployment_id"
                        + " where d.work_pool = ? and r.state_type in " + Columns.UNDER_WAY
                        + " and r.launched_attempt = r.run_count")
                .param(pool).query(Long.class).single();
    }

    /** PENDING runs whose current attempt is not launched and that wait under the state name {@code name}. */
    public long countWaiting(String name) {
        return jdbc.sql("select count(*) from flow_runs where state_type = 'PENDING' and state_name = ?"
                        + " and (launched_attempt is null or launched_attempt <> run_count)")
                .param(name).query(Long.class).single();
    }

    /** How many runs of the deployment have not finished, per state type; empty when none. */
    public Map<StateType, Long> countUnfinished(UUID deploymentId) {
        Map<StateType, Long> counts = new EnumMap<>(StateType.class);
        jdbc.sql("select state_type, count(*) as runs from flow_runs where deployment_id = :deployment"
                        + " and state_type not in (:finished) group by state_type")
                .param("deployment", deploymentId).param("finished", FINISHED)
                .query(rs -> {
                    counts.put(StateType.valueOf(rs.getString("state_type")), rs.getLong("runs"));
                });
        return counts;
    }

    /**
     * Lets the deployment's finished runs outlive it: they keep its name and lose its id. Their version moves on, so
     * a retry decided on what it read before is refused. Answers how many.
     */
    public int detachFinished(UUID deploymentId) {
        return jdbc.sql("update flow_runs set deployment_id = null, version = version + 1"
                        + " where deployment_id = :deployment and state_type in (:finished)")
                .param("deployment", deploymentId).param("finished", FINISHED).update();
    }

    /** Runs that finished (entered a terminal state) before {@code cutoff}, oldest first. */
    public List<UUID> findFinishedBefore(Instant cutoff, int limit) {
        return jdbc.sql("select id from flow_runs where state_type in (:finished) and state_timestamp < :cutoff"
                        + " order by state_timestamp limit :limit")
                .param("finished", FINISHED)
                .param("cutoff", Columns.time(cutoff)).param("limit", limit)
                .query((rs, row) -> Columns.uuid(rs, "id")).list();
    }

    /** Deletes up to {@code limit} history rows of these runs; answers how many it deleted. */
    public int deleteHistory(List<UUID> runIds, int limit) {
        return jdbc.sql("delete from flow_run_states where id in (select id from flow_run_states"
                        + " where flow_run_id in (:runs) limit :limit)")
                .param("runs", runIds).param("limit", limit).update();
    }

    /**
     * Deletes these runs if they are still finished before {@code cutoff} (a retry may have revived one);
     * their history, task runs, logs and outbox rows must be gone first.
     */
    public int deleteFinished(List<UUID> runIds, Instant cutoff) {
        return jdbc.sql("delete from flow_runs where id in (:runs) and state_type in (:finished)"
                        + " and state_timestamp < :cutoff")
                .param("runs", runIds).param("finished", FINISHED)
                .param("cutoff", Columns.time(cutoff)).update();
    }

    private static String columns(String parameters) {
        return """
                id, name, deployment_id, deployment_name, flow_name, %s, state_type, state_name, state_message,
                state_timestamp, state_scheduled_time, run_count, max_retries, retry_delay_seconds, expected_start_time,
                start_time, end_time, infrastructure_id, launched_attempt, result_ref, idempotency_key, created_by, tags,
                claimant, last_heartbeat, version, created_at, updated_at""".formatted(parameters);
    }

    private void appendHistory(UUID runId, UUID transitionId, State s) {
        jdbc.sql("""
                        insert into flow_run_states (flow_run_id, transition_id, type, name, message, state_time,
                          scheduled_time, result_ref) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(runId, transitionId, s.type().name(), s.name(), s.message(), Columns.time(s.timestamp()),
                        Columns.time(s.scheduledTime()), s.resultRef())
                .update();
    }

    private static State mapState(ResultSet rs, int row) throws SQLException {
        return new State(StateType.valueOf(rs.getString("type")), rs.getString("name"), rs.getString("message"),
                Columns.instant(rs, "state_time"), Columns.instant(rs, "scheduled_time"), rs.getString("result_ref"));
    }

    private static StoredRun map(ResultSet rs, int row) throws SQLException {
        State state = new State(StateType.valueOf(rs.getString("state_type")), rs.getString("state_name"),
                rs.getString("state_message"), Columns.instant(rs, "state_timestamp"),
                Columns.instant(rs, "state_scheduled_time"), rs.getString("result_ref"));
        FlowRun run = new FlowRun(Columns.uuid(rs, "id"), rs.getString("name"), Columns.uuid(rs, "deployment_id"),
                rs.getString("deployment_name"), rs.getString("flow_name"), Columns.object(rs, "parameters"), state,
                rs.getInt("run_count"), rs.getInt("max_retries"), rs.getInt("retry_delay_seconds"),
                Columns.instant(rs, "expected_start_time"), Columns.instant(rs, "start_time"),
                Columns.instant(rs, "end_time"), rs.getString("infrastructure_id"), rs.getString("result_ref"),
                rs.getString("idempotency_key"), rs.getString("created_by"), Columns.strings(rs, "tags"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
        int launched = rs.getInt("launched_attempt");
        return new StoredRun(run, rs.getString("claimant"), rs.getLong("version"), Columns.instant(rs, "last_heartbeat"),
                rs.wasNull() ? null : launched);
    }
}

package dev.runway.controlplane.store;

import dev.runway.model.Page;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.node.ObjectNode;

/**
 * Work pools, keyed by name, and the counts their concurrency limit is judged by. A run belongs to the pool its
 * deployment names. It holds a slot from the reservation of its launch until it leaves the states under way.
 */
@Repository
public class WorkPoolStore {

    /** What an upsert did. */
    public record Upserted(WorkPool pool, UpsertOutcome.Change change) {
    }

    /** What a run's infrastructure is made of: its pool's base job template and its deployment's job variables. */
    public record JobSettings(ObjectNode baseJobTemplate, ObjectNode jobVariables) {
    }

    /** The pool's settings a launch is decided by, read with the pool's row locked. */
    public record Gate(boolean paused, Integer concurrencyLimit) {
    }

    /** Runs of pool {@code p} whose current attempt is reserved or launched and not finished: slots taken. */
    private static final String RUNNING = "(select count(*) from flow_runs r join deployments d on d.id = r.deployment_id"
            + " where d.work_pool = p.name and r.launched_attempt = r.run_count and r.state_type in " + Columns.UNDER_WAY + ")";
    /** PENDING runs of pool {@code p} whose current attempt is not reserved yet. */
    private static final String WAITING = "(select count(*) from flow_runs r join deployments d on d.id = r.deployment_id"
            + " where d.work_pool = p.name and r.state_type = 'PENDING'"
            + " and (r.launched_attempt is null or r.launched_attempt < r.run_count))";
    private static final String COLUMNS = "p.name, p.type, p.base_job_template, p.concurrency_limit, p.paused,"
            + " p.created_at, p.updated_at, " + RUNNING + " as running, " + WAITING + " as waiting";

    private final JdbcClient jdbc;
    private final Clock clock;

    public WorkPoolStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<WorkPool> find(String name) {
        return jdbc.sql("select " + COLUMNS + " from work_pools p where p.name = ?").param(name)
                .query(WorkPoolStore::map).optional();
    }

    /** Sorted by name. */
    public Page<WorkPool> list(int offset, int limit) {
        long total = jdbc.sql("select count(*) from work_pools").query(Long.class).single();
        List<WorkPool> items = jdbc.sql("select " + COLUMNS + " from work_pools p order by p.name limit ? offset ?")
                .params(limit, offset).query(WorkPoolStore::map).list();
        return new Page<>(items, offset, limit, total);
    }

    public List<String> names() {
        return jdbc.sql("select name from work_pools order by name").query(String.class).list();
    }

    /** Creates or replaces the pool with {@code wanted} (every field filled in); the same settings change nothing. */
    public Upserted upsert(String name, WorkPoolSpec wanted) {
        Optional<WorkPool> existing = find(name);
        if (existing.isEmpty()) {
            return insert(name, wanted).map(created -> new Upserted(created, UpsertOutcome.Change.CREATED))
                    .orElseGet(() -> upsert(name, wanted));
        }
        if (existing.get().spec().equals(wanted)) {
            return new Upserted(existing.get(), UpsertOutcome.Change.UNCHANGED);
        }
        jdbc.sql("update work_pools set type = ?, base_job_template = ?, concurrency_limit = ?, paused = ?,"
                        + " updated_at = ? where name = ?")
                .params(wanted.type(), Columns.json(wanted.baseJobTemplate()), wanted.concurrencyLimit(),
                        wanted.paused(), Columns.time(clock.instant()), name)
                .update();
        return new Upserted(find(name).orElseThrow(), UpsertOutcome.Change.UPDATED);
    }

    /** Creates the pool unless one of that name exists (even one created a moment ago); answers it when created. */
    public Optional<WorkPool> insert(String name, WorkPoolSpec wanted) {
        Instant now = clock.instant();
        try {
            jdbc.sql("insert into work_pools (name, type, base_job_template, concurrency_limit, paused, created_at,"
                            + " updated_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(name, wanted.type(), Columns.json(wanted.baseJobTemplate()), wanted.concurrencyLimit(),
                            wanted.paused(), Columns.time(now), Columns.time(now))
                    .update();
            return find(name);
        } catch (DuplicateKeyException exists) {
            return Optional.empty();
        }
    }

    /** False when there is no such pool. */
    public boolean setPaused(String name, boolean paused) {
        return jdbc.sql("update work_pools set paused = ?, updated_at = ? where name = ?")
                .params(paused, Columns.time(clock.instant()), name).update() == 1;
    }

    /** The name of the pool a run belongs to, if its deployment names one that exists. */
    public Optional<String> poolOfRun(UUID runId) {
        return jdbc.sql("select p.name from flow_runs r join deployments d on d.id = r.deployment_id"
                        + " join work_pools p on p.name = d.work_pool where r.id = ?")
                .param(runId).query(String.class).optional();
    }

    /** The job settings of a run whose deployment names a pool that exists. */
    public Optional<JobSettings> jobSettingsOfRun(UUID runId) {
        return jdbc.sql("select p.base_job_template, d.job_variables from flow_runs r"
                        + " join deployments d on d.id = r.deployment_id join work_pools p on p.name = d.work_pool"
                        + " where r.id = ?")
                .param(runId)
                .query((rs, row) -> new JobSettings(Columns.object(rs, "base_job_template"),
                        Columns.object(rs, "job_variables")))
                .optional();
    }

    /**
     * Locks the pool's row until the caller's transaction ends, so launches of one pool are decided one at a time
     * and each sees the slots the others took.
     */
    public Gate lockForLaunch(String pool) {
        return lock(pool).orElseThrow(() -> new EmptyResultDataAccessException(1));
    }

    /** The pool's settings with its row locked until the caller's transaction ends; empty when there is no such pool. */
    public Optional<Gate> lock(String pool) {
        return jdbc.sql("select paused, concurrency_limit from work_pools where name = ? for update").param(pool)
                .query((rs, row) -> new Gate(rs.getBoolean("paused"), (Integer) rs.getObject("concurrency_limit")))
                .optional();
    }

    /** Sets the pool's concurrency limit (null: none) and nothing else. */
    public void setConcurrencyLimit(String name, Integer limit) {
        jdbc.sql("update work_pools set concurrency_limit = ?, updated_at = ? where name = ?")
                .params(limit, Columns.time(clock.instant()), name).update();
    }

    /** Replaces the pool's base job template and nothing else. */
    public void setBaseJobTemplate(String name, ObjectNode template) {
        jdbc.sql("update work_pools set base_job_template = ?, updated_at = ? where name = ?")
                .params(Columns.json(template), Columns.time(clock.instant()), name).update();
    }

    /**
     * Slots of the pool taken by runs other than {@code runId}, plus the waiting runs of the pool dispatched
     * before this attempt (an older open outbox row): a free slot goes to them first.
     */
    public long slotsTakenOrOwedBefore(String pool, UUID runId, int attempt) {
        long taken = jdbc.sql("select count(*) from flow_runs r join deployments d on d.id = r.deployment_id"
                        + " where d.work_pool = ? and r.id <> ? and r.launched_attempt = r.run_count"
                        + " and r.state_type in " + Columns.UNDER_WAY)
                .params(pool, runId).query(Long.class).single();
        long ahead = jdbc.sql("""
                        select count(distinct r.id) from outbox o
                          join flow_runs r on r.id = o.flow_run_id and o.attempt = r.run_count
                          join deployments d on d.id = r.deployment_id
                        where d.work_pool = ? and o.dispatched_at is null and r.state_type = 'PENDING'
                          and (r.launched_attempt is null or r.launched_attempt < r.run_count)
                          and o.id < (select min(id) from outbox where flow_run_id = ? and attempt = ?)""")
                .params(pool, runId, attempt).query(Long.class).single();
        return taken + ahead;
    }

    private static WorkPool map(ResultSet rs, int row) throws SQLException {
        return new WorkPool(rs.getString("name"), rs.getString("type"), Columns.object(rs, "base_job_template"),
                (Integer) rs.getObject("concurrency_limit"), rs.getBoolean("paused"), rs.getLong("running"),
                rs.getLong("waiting"), Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }
}

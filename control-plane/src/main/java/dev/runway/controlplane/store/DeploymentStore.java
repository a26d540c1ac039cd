package dev.runway.controlplane.store;

import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deployments, keyed by their unique name. */
@Repository
public class DeploymentStore {

    private static final String COLUMNS = "id, name, flow_name, description, version, parameters, parameter_schema,"
            + " tags, work_pool, paused, retries, retry_delay_seconds, job_variables, created_at, updated_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    public DeploymentStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Deployment> findByName(String name) {
        return jdbc.sql("select " + COLUMNS + " from deployments where name = ?")
                .param(name).query(DeploymentStore::map).optional();
    }

    public Optional<Deployment> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from deployments where id = ?")
                .param(id).query(DeploymentStore::map).optional();
    }

    /**
     * The deployment with its row locked until the caller's transaction ends: no run of it can be created meanwhile
     * (on PostgreSQL a run's insert waits for the lock to check its reference).
     */
    public Optional<Deployment> lock(String name) {
        return jdbc.sql("select " + COLUMNS + " from deployments where name = ? for update")
                .param(name).query(DeploymentStore::map).optional();
    }

    /** Sets the update time to now, for a change the deployment's row does not hold (its schedules); answers it. */
    public Instant touch(UUID id) {
        Instant now = clock.instant();
        jdbc.sql("update deployments set updated_at = ? where id = ?").params(Columns.time(now), id).update();
        return now;
    }

    /** Deletes the deployment; no run may refer to it any more, or the database refuses. */
    public void delete(UUID id) {
        jdbc.sql("delete from deployments where id = ?").param(id).update();
    }

    /** Sorted by name. */
    public Page<Deployment> list(int offset, int limit) {
        long total = jdbc.sql("select count(*) from deployments").query(Long.class).single();
        List<Deployment> items = jdbc.sql("select " + COLUMNS + " from deployments order by name limit ? offset ?")
                .params(limit, offset).query(DeploymentStore::map).list();
        return new Page<>(items, offset, limit, total);
    }

    /**
     * Creates or replaces the deployment {@code wanted} names (a spec with its defaults filled in).
     * Writing what is already stored changes nothing, not even the update time.
     */
    public UpsertOutcome upsert(DeploymentSpec wanted) {
        Instant now = clock.instant();
        Optional<Deployment> existing = findByName(wanted.name());
        if (existing.isEmpty()) {
            Deployment created = new Deployment(UUID.randomUUID(), wanted, now, now);
            try {
                jdbc.sql("insert into deployments (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(created.id(), wanted.name(), wanted.flowName(), wanted.description(),
                                wanted.version(), Columns.json(wanted.parameters()),
                                Columns.json(wanted.parameterSchema()), Columns.json(wanted.tags()),
                                wanted.workPool(), wanted.paused(), wanted.retries(), wanted.retryDelaySeconds(),
                                Columns.json(wanted.jobVariables()), Columns.time(now), Columns.time(now))
                        .update();
                return new UpsertOutcome(created, UpsertOutcome.Change.CREATED);
            } catch (DuplicateKeyException raced) {
                return upsert(wanted);
            }
        }
        Deployment stored = existing.get();
        if (stored.spec().equals(wanted)) {
            return new UpsertOutcome(stored, UpsertOutcome.Change.UNCHANGED);
        }
        Deployment updated = new Deployment(stored.id(), wanted, stored.createdAt(), now);
        jdbc.sql("""
                        update deployments set flow_name = ?, description = ?, version = ?, parameters = ?,
                          parameter_schema = ?, tags = ?, work_pool = ?, paused = ?, retries = ?,
                          retry_delay_seconds = ?, job_variables = ?, updated_at = ?
                        where id = ?""")
                .params(wanted.flowName(), wanted.description(), wanted.version(),
                        Columns.json(wanted.parameters()), Columns.json(wanted.parameterSchema()),
                        Columns.json(wanted.tags()), wanted.workPool(), wanted.paused(), wanted.retries(),
                        wanted.retryDelaySeconds(), Columns.json(wanted.jobVariables()), Columns.time(now),
                        updated.id())
                .update();
        return new UpsertOutcome(updated, UpsertOutcome.Change.UPDATED);
    }

    private static Deployment map(ResultSet rs, int row) throws SQLException {
        DeploymentSpec spec = new DeploymentSpec(rs.getString("name"), rs.getString("flow_name"),
                rs.getString("description"), rs.getString("version"), Columns.object(rs, "parameters"),
                Columns.object(rs, "parameter_schema"), Columns.strings(rs, "tags"), rs.getString("work_pool"),
                rs.getBoolean("paused"), rs.getInt("retries"), rs.getInt("retry_delay_seconds"),
                Columns.object(rs, "job_variables"));
        return new Deployment(Columns.uuid(rs, "id"), spec, Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"));
    }
}

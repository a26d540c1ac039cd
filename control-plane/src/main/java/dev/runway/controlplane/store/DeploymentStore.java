package dev.runway.controlplane.store;

import dev.runway.model.Deployment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deployments, keyed by their unique name. */
@Repository
public class DeploymentStore {

    private static final String COLUMNS = "id, name, flow_name, description, version, parameters, parameter_schema,"
            + " tags, work_pool, paused, retries, retry_delay_seconds, created_at, updated_at";

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

    public List<Deployment> list() {
        return jdbc.sql("select " + COLUMNS + " from deployments order by name").query(DeploymentStore::map).list();
    }

    /**
     * Creates or replaces the deployment named in {@code wanted} (its id and timestamps are ignored).
     * Writing what is already stored changes nothing, not even the update time.
     */
    public UpsertOutcome upsert(Deployment wanted) {
        Instant now = clock.instant();
        Optional<Deployment> existing = findByName(wanted.name());
        if (existing.isEmpty()) {
            Deployment created = copy(wanted, UUID.randomUUID(), now, now);
            try {
                jdbc.sql("insert into deployments (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(created.id(), created.name(), created.flowName(), created.description(),
                                created.version(), Columns.json(created.parameters()),
                                Columns.json(created.parameterSchema()), Columns.json(created.tags()),
                                created.workPool(), created.paused(), created.retries(), created.retryDelaySeconds(),
                                Columns.time(now), Columns.time(now))
                        .update();
                return new UpsertOutcome(created, UpsertOutcome.Change.CREATED);
            } catch (DuplicateKeyException raced) {
                return upsert(wanted);
            }
        }
        Deployment stored = existing.get();
        if (sameContent(stored, wanted)) {
            return new UpsertOutcome(stored, UpsertOutcome.Change.UNCHANGED);
        }
        Deployment updated = copy(wanted, stored.id(), stored.createdAt(), now);
        jdbc.sql("""
                        update deployments set flow_name = ?, description = ?, version = ?, parameters = ?,
                          parameter_schema = ?, tags = ?, work_pool = ?, paused = ?, retries = ?,
                          retry_delay_seconds = ?, updated_at = ?
                        where id = ?""")
                .params(updated.flowName(), updated.description(), updated.version(),
                        Columns.json(updated.parameters()), Columns.json(updated.parameterSchema()),
                        Columns.json(updated.tags()), updated.workPool(), updated.paused(), updated.retries(),
                        updated.retryDelaySeconds(), Columns.time(now), updated.id())
                .update();
        return new UpsertOutcome(updated, UpsertOutcome.Change.UPDATED);
    }

    private static boolean sameContent(Deployment a, Deployment b) {
        return Objects.equals(a.flowName(), b.flowName())
                && Objects.equals(a.description(), b.description())
                && Objects.equals(a.version(), b.version())
                && Objects.equals(a.parameters(), b.parameters())
                && Objects.equals(a.parameterSchema(), b.parameterSchema())
                && Objects.equals(a.tags(), b.tags())
                && Objects.equals(a.workPool(), b.workPool())
                && a.paused() == b.paused()
                && a.retries() == b.retries()
                && a.retryDelaySeconds() == b.retryDelaySeconds();
    }

    private static Deployment copy(Deployment d, UUID id, Instant createdAt, Instant updatedAt) {
        return new Deployment(id, d.name(), d.flowName(), d.description(), d.version(), d.parameters(),
                d.parameterSchema(), d.tags(), d.workPool(), d.paused(), d.retries(), d.retryDelaySeconds(),
                createdAt, updatedAt);
    }

    private static Deployment map(ResultSet rs, int row) throws SQLException {
        return new Deployment(Columns.uuid(rs, "id"), rs.getString("name"), rs.getString("flow_name"),
                rs.getString("description"), rs.getString("version"), Columns.object(rs, "parameters"),
                Columns.object(rs, "parameter_schema"), Columns.strings(rs, "tags"), rs.getString("work_pool"),
                rs.getBoolean("paused"), rs.getInt("retries"), rs.getInt("retry_delay_seconds"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }
}

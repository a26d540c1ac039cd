package dev.runway.controlplane.store;

import dev.runway.model.json.Json;
import dev.runway.model.schedule.ScheduleSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Deployments' schedules, keyed by deployment and schedule id. The scheduler and every change of a schedule lock its
 * row first, so what one makes and what another deletes never cross.
 */
@Repository
public class ScheduleStore {

    private static final String COLUMNS = "deployment_id, id, list_index, spec, active, planned_through, next_pass";

    private final JdbcClient jdbc;

    public ScheduleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The deployment's schedules in the order it declares them. */
    public List<StoredSchedule> list(UUID deploymentId) {
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules where deployment_id = ? order by list_index")
                .param(deploymentId).query(ScheduleStore::map).list();
    }

    /** The schedules of these deployments, each deployment's in its order. */
    public List<StoredSchedule> list(Collection<UUID> deploymentIds) {
        if (deploymentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules where deployment_id in (:deployments)"
                        + " order by deployment_id, list_index")
                .param("deployments", deploymentIds).query(ScheduleStore::map).list();
    }

    public Optional<StoredSchedule> find(UUID deploymentId, String id) {
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules where deployment_id = ? and id = ?")
                .params(deploymentId, id).query(ScheduleStore::map).optional();
    }

    /** The deployment's schedules, their rows locked until the caller's transaction ends. */
    public List<StoredSchedule> lockAll(UUID deploymentId) {
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules where deployment_id = ? order by id for update")
                .param(deploymentId).query(ScheduleStore::map).list();
    }

    /** The schedule with its row locked until the caller's transaction ends, waiting for another holder. */
    public Optional<StoredSchedule> lock(UUID deploymentId, String id) {
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules where deployment_id = ? and id = ? for update")
                .params(deploymentId, id).query(ScheduleStore::map).optional();
    }

    /** As {@link #lock}, but empty at once when another transaction holds the row: that one is at work on it. */
    public Optional<StoredSchedule> lockUnlessHeld(UUID deploymentId, String id) {
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules where deployment_id = ? and id = ?"
                        + " for update skip locked")
                .params(deploymentId, id).query(ScheduleStore::map).optional();
    }

    /** Active schedules of deployments not paused whose next pass is due by {@code now}, earliest first. */
    public List<StoredSchedule> findDue(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from deployment_schedules s where active and next_pass <= ?"
                        + " and exists (select 1 from deployments d where d.id = s.deployment_id and not d.paused)"
                        + " order by next_pass limit ?")
                .params(Columns.time(now), limit).query(ScheduleStore::map).list();
    }

    /** The earliest next pass of an active schedule of a deployment not paused; empty when there is none. */
    public Optional<Instant> earliestPass() {
        return jdbc.sql("select min(next_pass) as pass from deployment_schedules s where active"
                        + " and exists (select 1 from deployments d where d.id = s.deployment_id and not d.paused)")
                .query((rs, row) -> Optional.ofNullable(Columns.instant(rs, "pass"))).single();
    }

    public void insert(StoredSchedule schedule, Instant now) {
        jdbc.sql("insert into deployment_schedules (" + COLUMNS + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(schedule.deploymentId(), schedule.id(), schedule.index(), declared(schedule.spec()),
                        schedule.active(), Columns.time(schedule.plannedThrough()), Columns.time(schedule.nextPass()),
                        Columns.time(now))
                .update();
    }

    /** Writes everything but the keys. */
    public void update(StoredSchedule schedule, Instant now) {
        jdbc.sql("""
                        update deployment_schedules set list_index = ?, spec = ?, active = ?, planned_through = ?,
                          next_pass = ?, updated_at = ?
                        where deployment_id = ? and id = ?""")
                .params(schedule.index(), declared(schedule.spec()), schedule.active(),
                        Columns.time(schedule.plannedThrough()), Columns.time(schedule.nextPass()), Columns.time(now),
                        schedule.deploymentId(), schedule.id())
                .update();
    }

    public void delete(UUID deploymentId, String id) {
        jdbc.sql("delete from deployment_schedules where deployment_id = ? and id = ?").params(deploymentId, id).update();
    }

    /** The declaration without its pause, which has a column of its own. */
    private static String declared(ScheduleSpec spec) {
        return Columns.json(spec.withActive(null));
    }

    private static StoredSchedule map(ResultSet rs, int row) throws SQLException {
        ScheduleSpec spec = Json.mapper().readValue(rs.getString("spec"), ScheduleSpec.class)
                .withActive(rs.getBoolean("active"));
        return new StoredSchedule(Columns.uuid(rs, "deployment_id"), rs.getString("id"), rs.getInt("list_index"), spec,
                Columns.instant(rs, "planned_through"), Columns.instant(rs, "next_pass"));
    }
}

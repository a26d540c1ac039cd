package dev.runway.controlplane.store;

import dev.runway.model.Page;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The latest reported state of each task run. */
@Repository
public class TaskRunStore {

    private final JdbcClient jdbc;

    public TaskRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies reports in order; a report older than what is stored for its task run is ignored. */
    public void apply(UUID runId, List<TaskRunReport> reports) {
        for (TaskRunReport r : reports) {
            int updated = jdbc.sql("""
                            update task_runs set state_type = ?, state_name = ?, state_message = ?, attempts = ?,
                              state_timestamp = ?
                            where id = ? and flow_run_id = ? and state_timestamp <= ?""")
                    .params(r.type().name(), name(r), r.message(), r.attempts(), Columns.time(r.timestamp()),
                            r.id(), runId, Columns.time(r.timestamp()))
                    .update();
            if (updated == 0) {
                insertUnlessKnown(runId, r);
            }
        }
    }

    /** A task run seen for the first time; if it is known already, what is stored is newer and stays. */
    private void insertUnlessKnown(UUID runId, TaskRunReport r) {
        jdbc.sql("""
                        insert into task_runs (id, flow_run_id, task_key, map_index, state_type, state_name,
                          state_message, attempts, state_timestamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing""")
                .params(r.id(), runId, r.taskKey(), r.mapIndex(), r.type().name(), name(r), r.message(),
                        r.attempts(), Columns.time(r.timestamp()))
                .update();
    }

    /** Ordered by the time of their latest state. */
    public Page<TaskRunReport> list(UUID runId, int offset, int limit) {
        long total = jdbc.sql("select count(*) from task_runs where flow_run_id = ?").param(runId)
                .query(Long.class).single();
        List<TaskRunReport> items = jdbc.sql("select * from task_runs where flow_run_id = ?"
                        + " order by state_timestamp, task_key, map_index, id limit ? offset ?")
                .params(runId, limit, offset).query(TaskRunStore::map).list();
        return new Page<>(items, offset, limit, total);
    }

    /** Deletes up to {@code limit} task runs of these runs; answers how many it deleted. */
    public int deleteOfRuns(List<UUID> runIds, int limit) {
        return jdbc.sql("delete from task_runs where id in (select id from task_runs where flow_run_id in (:runs)"
                        + " limit :limit)")
                .param("runs", runIds).param("limit", limit).update();
    }

    private static String name(TaskRunReport r) {
        return r.name() == null || r.name().isBlank() ? r.type().defaultName() : r.name();
    }

    private static TaskRunReport map(ResultSet rs, int row) throws SQLException {
        return new TaskRunReport(Columns.uuid(rs, "id"), rs.getString("task_key"), rs.getInt("map_index"),
                StateType.valueOf(rs.getString("state_type")), rs.getString("state_name"),
                rs.getString("state_message"), rs.getInt("attempts"), Columns.instant(rs, "state_timestamp"));
    }
}

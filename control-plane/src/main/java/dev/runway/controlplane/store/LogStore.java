package dev.runway.controlplane.store;

import dev.runway.model.LogEntry;
import dev.runway.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The log lines of flow runs, in the order they arrived. How many a run has is kept on its flow_runs row
 * ({@code log_lines}), so the per-run cap and the listing's total need no count over the lines.
 */
@Repository
public class LogStore {

    private final JdbcTemplate template;
    private final JdbcClient jdbc;

    public LogStore(JdbcTemplate template) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
    }

    /**
     * How many lines the run has, its row locked until the caller's transaction ends so that concurrent
     * batches of one run count one after the other; empty when there is no such run.
     */
    public Optional<Integer> lockLineCount(UUID runId) {
        return jdbc.sql("select log_lines from flow_runs where id = ? for update").param(runId)
                .query(Integer.class).optional();
    }

    /** One batched statement for the lines, and the run's new count; in the transaction of {@link #lockLineCount}. */
    public void append(UUID runId, List<LogEntry> entries, int lineCountAfter) {
        template.batchUpdate("insert into logs (flow_run_id, task_run_id, log_time, level, logger, message) values (?, ?, ?, ?, ?, ?)",
                entries.stream().map(e -> new Object[] {runId, e.taskRunId(), Columns.time(e.timestamp()), e.level(),
                        e.logger(), e.message()}).toList());
        jdbc.sql("update flow_runs set log_lines = ? where id = ?").params(lineCountAfter, runId).update();
    }

    public Page<LogEntry> list(UUID runId, int offset, int limit) {
        long total = jdbc.sql("select log_lines from flow_runs where id = ?").param(runId)
                .query(Long.class).optional().orElse(0L);
        List<LogEntry> items = jdbc.sql("select * from logs where flow_run_id = ? order by id limit ? offset ?")
                .params(runId, limit, offset).query(LogStore::map).list();
        return new Page<>(items, offset, limit, total);
    }

    /** Deletes up to {@code limit} lines of these runs; answers how many it deleted. */
    public int deleteOfRuns(List<UUID> runIds, int limit) {
        return jdbc.sql("delete from logs where id in (select id from logs where flow_run_id in (:runs) limit :limit)")
                .param("runs", runIds).param("limit", limit).update();
    }

    private static LogEntry map(ResultSet rs, int row) throws SQLException {
        return new LogEntry(Columns.instant(rs, "log_time"), rs.getString("level"), rs.getString("logger"),
                rs.getString("message"), Columns.uuid(rs, "task_run_id"));
    }
}

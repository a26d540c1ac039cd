package dev.runway.controlplane.store;

import dev.runway.model.LogEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The log lines of flow runs, in the order they arrived. */
@Repository
public class LogStore {

    private final JdbcTemplate template;
    private final JdbcClient jdbc;

    public LogStore(JdbcTemplate template) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
    }

    /** One batched statement for the whole batch a runner sends (up to a thousand lines). */
    public void append(UUID runId, List<LogEntry> entries) {
        template.batchUpdate("insert into logs (flow_run_id, task_run_id, log_time, level, logger, message) values (?, ?, ?, ?, ?, ?)",
                entries.stream().map(e -> new Object[] {runId, e.taskRunId(), Columns.time(e.timestamp()), e.level(),
                        e.logger(), e.message()}).toList());
    }

    public List<LogEntry> list(UUID runId, int offset, int limit) {
        return jdbc.sql("select * from logs where flow_run_id = ? order by id limit ? offset ?")
                .params(runId, limit, offset).query(LogStore::map).list();
    }

    private static LogEntry map(ResultSet rs, int row) throws SQLException {
        return new LogEntry(Columns.instant(rs, "log_time"), rs.getString("level"), rs.getString("logger"),
                rs.getString("message"), Columns.uuid(rs, "task_run_id"));
    }
}

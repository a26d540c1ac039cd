package dev.runway.controlplane.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Dispatches waiting to be handed to the transport. */
@Repository
public class OutboxStore {

    /** One dispatch: launch {@code attempt} of a run. */
    public record Dispatch(long id, UUID flowRunId, int attempt) {
    }

    private final JdbcClient jdbc;

    public OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run in the transaction that moves the run to PENDING. */
    public void add(UUID runId, int attempt, Instant now) {
        jdbc.sql("insert into outbox (flow_run_id, attempt, created_at) values (?, ?, ?)")
                .params(runId, attempt, Columns.time(now)).update();
    }

    public List<Dispatch> undispatched(int limit) {
        return jdbc.sql("select id, flow_run_id, attempt from outbox where dispatched_at is null order by id limit ?")
                .param(limit)
                .query((rs, row) -> new Dispatch(rs.getLong("id"), Columns.uuid(rs, "flow_run_id"), rs.getInt("attempt")))
                .list();
    }

    public void markDispatched(long id, Instant now) {
        jdbc.sql("update outbox set dispatched_at = ? where id = ? and dispatched_at is null")
                .params(Columns.time(now), id).update();
    }

    /** Deletes up to {@code limit} rows handed to the transport before {@code cutoff}; answers how many. */
    public int deleteDispatchedBefore(Instant cutoff, int limit) {
        return jdbc.sql("delete from outbox where id in (select id from outbox where dispatched_at < ?"
                        + " order by id limit ?)")
                .params(Columns.time(cutoff), limit).update();
    }

    /** Deletes up to {@code limit} rows of these runs, dispatched or not; answers how many. */
    public int deleteOfRuns(List<UUID> runIds, int limit) {
        return jdbc.sql("delete from outbox where id in (select id from outbox where flow_run_id in (:runs) limit :limit)")
                .param("runs", runIds).param("limit", limit).update();
    }
}

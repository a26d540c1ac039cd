package dev.runway.controlplane.store;

import dev.runway.model.StateNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Dispatches waiting to be launched. A row is written with the PENDING state and stays open until its
 * attempt is launched (or needs no launch any more), so a dispatch lost on the way is sent again.
 */
@Repository
public class OutboxStore {

    /** One dispatch: launch {@code attempt} of a run; {@code sends} counts its hand-overs so far. */
    public record Dispatch(long id, UUID flowRunId, int attempt, int sends) {
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

    /** As {@link #add} for each run's {@code attempt}, in one statement. */
    public void addAll(Map<UUID, Integer> attempts, Instant now) {
        if (attempts.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        attempts.forEach((runId, attempt) -> params.addAll(List.of(runId, attempt, Columns.time(now))));
        jdbc.sql("insert into outbox (flow_run_id, attempt, created_at) values "
                        + String.join(", ", Collections.nCopies(attempts.size(), "(?, ?, ?)")))
                .params(params).update();
    }

    /** Open dispatches due for (another) delivery, oldest first. */
    public List<Dispatch> due(Instant now, int limit) {
        return jdbc.sql("""
                        select id, flow_run_id, attempt, sends from outbox
                        where dispatched_at is null and (deliver_after is null or deliver_after <= ?)
                        order by id limit ?""")
                .params(Columns.time(now), limit)
                .query((rs, row) -> new Dispatch(rs.getLong("id"), Columns.uuid(rs, "flow_run_id"), rs.getInt("attempt"),
                        rs.getInt("sends")))
                .list();
    }

    /**
     * The dispatch is being handed over; deliver it again at {@code retryAt} unless its launch is recorded by then.
     *
     * @return the dispatch as handed over (one more send), or empty when the row changed since it was read
     */
    public Optional<Dispatch> deliverAgainAt(Dispatch dispatch, Instant retryAt) {
        int updated = jdbc.sql("""
                        update outbox set deliver_after = ?, sends = ?
                        where id = ? and sends = ? and dispatched_at is null""")
                .params(Columns.time(retryAt), dispatch.sends() + 1, dispatch.id(), dispatch.sends()).update();
        return updated == 1
                ? Optional.of(new Dispatch(dispatch.id(), dispatch.flowRunId(), dispatch.attempt(), dispatch.sends() + 1))
                : Optional.empty();
    }

    /** Closes a row the transport took over, unless it was handed back meanwhile (a newer send). */
    public void closeSent(Dispatch sent, Instant now) {
        jdbc.sql("update outbox set dispatched_at = ? where id = ? and sends = ? and dispatched_at is null")
                .params(Columns.time(now), sent.id(), sent.sends()).update();
    }

    /**
     * Hands the dispatch of an attempt back to the outbox, open and due at {@code retryAt} (or as soon as its pool
     * frees a slot): its launch has to wait, whichever transport delivered it.
     */
    public void waitForSlot(UUID runId, int attempt, Instant retryAt) {
        jdbc.sql("""
                        update outbox set dispatched_at = null, deliver_after = ?, sends = sends + 1
                        where flow_run_id = ? and attempt = ?""")
                .params(Columns.time(retryAt), runId, attempt).update();
    }

    /**
     * Makes the open dispatches of work pool {@code pool} that wait for a slot, a warm worker or the pool to be resumed due at
     * once; answers how many. Dispatches waiting for their infrastructure keep their time.
     */
    public int makeDueInPool(String pool) {
        return jdbc.sql("""
                        update outbox set deliver_after = null where dispatched_at is null and deliver_after is not null
                          and flow_run_id in (select r.id from flow_runs r join deployments d on d.id = r.deployment_id
                                              where d.work_pool = ? and r.state_type = 'PENDING' and r.state_name in (?, ?, ?))""")
                .params(pool, StateNames.AWAITING_CONCURRENCY_SLOT, StateNames.WORK_POOL_PAUSED,
                        StateNames.AWAITING_WARM_WORKER).update();
    }

    /**
     * Makes the open dispatches waiting for a slot in the work pool of run {@code runId} due at once; answers how
     * many.
     */
    public int makeDueInPoolOf(UUID runId) {
        return jdbc.sql("""
                        update outbox set deliver_after = null where dispatched_at is null and deliver_after is not null
                          and flow_run_id in (select r.id from flow_runs r join deployments d on d.id = r.deployment_id
                                              where r.state_type = 'PENDING' and r.state_name in (?, ?)
                                                and d.work_pool = (select d2.work_pool from flow_runs r2
                                                join deployments d2 on d2.id = r2.deployment_id where r2.id = ?))""")
                .params(StateNames.AWAITING_CONCURRENCY_SLOT, StateNames.AWAITING_WARM_WORKER, runId).update();
    }

    public void close(UUID runId, int attempt, Instant now) {
        jdbc.sql("update outbox set dispatched_at = ? where flow_run_id = ? and attempt = ? and dispatched_at is null")
                .params(Columns.time(now), runId, attempt).update();
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

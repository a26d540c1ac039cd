package dev.runway.controlplane.api;

import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.store.RunFilter;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/flow-runs")
class FlowRunController {

    private static final int MAX_LIMIT = 500;
    /** A page of at most this many lines of at most {@link LogEntry#MAX_MESSAGE_CHARS} each. */
    private static final int MAX_LOG_LIMIT = 1_000;

    private final FlowRunService runs;

    FlowRunController(FlowRunService runs) {
        this.runs = runs;
    }

    @GetMapping
    Page<FlowRun> list(@RequestParam(required = false) String state,
                       @RequestParam(required = false) String deployment,
                       @RequestParam(required = false) String since,
                       @RequestParam(required = false) String until,
                       @RequestParam(defaultValue = "0") int offset,
                       @RequestParam(defaultValue = "50") int limit) {
        Paging.check(offset, limit, MAX_LIMIT);
        return runs.list(new RunFilter(states(state), deployment, instant("since", since), instant("until", until),
                offset, limit));
    }

    @GetMapping("/{id}")
    FlowRun get(@PathVariable UUID id) {
        return runs.get(id);
    }

    @GetMapping("/{id}/states")
    Page<State> states(@PathVariable UUID id, @RequestParam(defaultValue = "0") int offset,
                       @RequestParam(defaultValue = "100") int limit) {
        Paging.check(offset, limit, MAX_LIMIT);
        return runs.history(id, offset, limit);
    }

    @GetMapping("/{id}/result")
    ResponseEntity<InputStreamResource> result(@PathVariable UUID id) {
        // Streamed from the store to the client; the converter closes it.
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new InputStreamResource(runs.result(id)));
    }

    @GetMapping("/{id}/logs")
    Page<LogEntry> logs(@PathVariable UUID id, @RequestParam(defaultValue = "0") int offset,
                        @RequestParam(defaultValue = "1000") int limit) {
        Paging.check(offset, limit, MAX_LOG_LIMIT);
        return runs.logs(id, offset, limit);
    }

    @GetMapping("/{id}/task-runs")
    Page<TaskRunReport> taskRuns(@PathVariable UUID id, @RequestParam(defaultValue = "0") int offset,
                                 @RequestParam(defaultValue = "100") int limit) {
        Paging.check(offset, limit, MAX_LIMIT);
        return runs.taskRuns(id, offset, limit);
    }

    @PostMapping("/{id}/cancel")
    OrchestrationResult cancel(@PathVariable UUID id) {
        return runs.cancel(id);
    }

    @PostMapping("/{id}/retry")
    OrchestrationResult retry(@PathVariable UUID id) {
        return runs.retry(id);
    }

    private static Set<StateType> states(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        Set<StateType> states = EnumSet.noneOf(StateType.class);
        for (String part : csv.split(",")) {
            try {
                states.add(StateType.valueOf(part.strip().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("state", "has an unknown state '" + part.strip() + "'; states are "
                        + Arrays.toString(StateType.values()));
            }
        }
        return states;
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
    }
}

package dev.runway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.flow.internal.CurrentRun;
import dev.runway.model.StateType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TasksTest {

    record Change(UUID taskRunId, String taskKey, StateType type, String message) {
    }

    private final List<Change> changes = new ArrayList<>();

    @Test
    void outsideAFlowRunJustCallsTheBody() {
        assertThat(Tasks.run("add", () -> 1 + 1)).isEqualTo(2);
    }

    @Test
    void reportsRunningThenCompletedUnderOneTaskRunId() {
        try (var ignored = CurrentRun.install(this::record)) {
            Tasks.run("add", () -> 1 + 1);
        }

        assertThat(changes).extracting(Change::type).containsExactly(StateType.RUNNING, StateType.COMPLETED);
        assertThat(changes).extracting(Change::taskKey).containsOnly("add");
        assertThat(changes.get(0).taskRunId()).isEqualTo(changes.get(1).taskRunId());
    }

    @Test
    void eachCallIsANewTaskRun() {
        try (var ignored = CurrentRun.install(this::record)) {
            Tasks.run("step", () -> { });
            Tasks.run("step", () -> { });
        }

        assertThat(changes.stream().map(Change::taskRunId).distinct()).hasSize(2);
    }

    @Test
    void reportsFailedWithTheMessageAndRethrowsAnUncheckedException() {
        try (var ignored = CurrentRun.install(this::record)) {
            assertThatThrownBy(() -> Tasks.run("load", () -> {
                throw new IllegalStateException("disk full");
            })).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        }

        assertThat(changes.getLast()).extracting(Change::type, Change::message)
                .containsExactly(StateType.FAILED, "disk full");
    }

    @Test
    void wrapsACheckedException() {
        assertThatThrownBy(() -> Tasks.run("read", () -> {
            throw new IOException("no such file");
        })).isInstanceOf(TaskFailedException.class)
                .hasMessage("task read failed: no such file")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void marksLogLinesWithTheTaskRunWhileTheBodyRuns() {
        String inside = Tasks.run("step", () -> MDC.get(CurrentRun.TASK_RUN_ID_MDC_KEY));

        assertThat(inside).isNotNull();
        assertThat(MDC.get(CurrentRun.TASK_RUN_ID_MDC_KEY)).isNull();
    }

    @Test
    void aNestedTaskRestoresTheOuterTaskRunForLogLines() {
        List<String> seen = new ArrayList<>();
        Tasks.run("outer", () -> {
            seen.add(MDC.get(CurrentRun.TASK_RUN_ID_MDC_KEY));
            Tasks.run("inner", () -> seen.add(MDC.get(CurrentRun.TASK_RUN_ID_MDC_KEY)));
            seen.add(MDC.get(CurrentRun.TASK_RUN_ID_MDC_KEY));
        });

        assertThat(seen.get(0)).isNotEqualTo(seen.get(1)).isEqualTo(seen.get(2));
    }

    @Test
    void stopsReportingOnceTheRunEnds() {
        CurrentRun.install(this::record).close();

        Tasks.run("late", () -> { });

        assertThat(changes).isEmpty();
    }

    private void record(UUID taskRunId, String taskKey, StateType type, String message) {
        changes.add(new Change(taskRunId, taskKey, type, message));
    }
}

package dev.runway.model;

/** The type of a flow or task run state. Names (Late, AwaitingRetry, …) refine a type; see {@link StateNames}. */
public enum StateType {
    SCHEDULED,
    PENDING,
    RUNNING,
    PAUSED,
    CANCELLING,
    CANCELLED,
    COMPLETED,
    FAILED,
    CRASHED;

    /** A terminal state ends the run: only an explicit retry leaves it. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == CRASHED;
    }

    /** An attempt in this state is still going: its runner may heartbeat and report logs and task runs. */
    public boolean isUnderWay() {
        return this == PENDING || this == RUNNING || this == PAUSED || this == CANCELLING;
    }

    /** The name a state of this type gets when nobody gives it another: {@code RUNNING} → {@code Running}. */
    public String defaultName() {
        String lower = name().toLowerCase();
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}

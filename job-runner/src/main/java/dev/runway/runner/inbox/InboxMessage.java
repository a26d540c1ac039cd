package dev.runway.runner.inbox;

/** One start message taken from a {@link WarmInbox}; the runner calls {@link #done()} or {@link #giveBack()}, once. */
public interface InboxMessage {

    /** The message: UTF-8 JSON, {@code {"env":{"RUNWAY_RUN_ID":"…", …}}}. */
    String text();

    /** Which message this is, for the runner's log (never its text, which holds the run's token). */
    String origin();

    /** Dealt with, and not to come again: its claim was answered, or it was dropped as malformed. */
    void done();

    /** Not taken after all (the runner is stopping, or could not reach the control plane): another runner may take it. */
    void giveBack();
}

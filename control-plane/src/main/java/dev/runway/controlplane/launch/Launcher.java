package dev.runway.controlplane.launch;

/** Starts and stops the infrastructure that runs one attempt: a child process locally, a Cloud Run execution on GCP. */
public interface Launcher {

    /**
     * Starts a runner for the attempt and returns the infrastructure id to record on the run.
     * {@code onExit} is told when the infrastructure ends, if the launcher can know it.
     */
    String launch(LaunchRequest request, ExitListener onExit);

    /** Stops the infrastructure if it still runs; unknown or finished ids are ignored. */
    void stop(String infrastructureId);

    /** Told when a runner's infrastructure ended, whatever it reported. */
    @FunctionalInterface
    interface ExitListener {
        void exited(String infrastructureId, String how);
    }
}

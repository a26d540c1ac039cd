package dev.runway.controlplane.launch;

/**
 * Starts and stops the infrastructure that runs one attempt: a child process locally, a Cloud Run execution on GCP.
 * Each launcher serves the work pools of one type ({@link Launchers} picks it).
 */
public interface Launcher {

    /** The work pool type it launches for, e.g. {@code process} or {@code cloud-run}. */
    String poolType();

    /**
     * Starts a runner for the attempt and returns the infrastructure id to record on the run.
     * {@code onExit} is told when the infrastructure ends, if the launcher can know it.
     *
     * @throws LaunchUnavailableException when the infrastructure cannot be asked now; the launch is tried again
     */
    String launch(LaunchRequest request, ExitListener onExit);

    /** Whether {@code infrastructureId} names infrastructure this launcher starts. */
    boolean owns(String infrastructureId);

    /** Stops the infrastructure if it still runs; unknown or finished ids are ignored. */
    void stop(String infrastructureId);

    /** Told when a runner's infrastructure ended, whatever it reported. */
    @FunctionalInterface
    interface ExitListener {
        void exited(String infrastructureId, String how);
    }
}

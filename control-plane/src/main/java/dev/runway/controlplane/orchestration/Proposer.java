package dev.runway.controlplane.orchestration;

/** Who asks for a transition; the rules allow each a different part of the state graph. */
public enum Proposer {
    /** The job runner executing the run, authenticated by its run token. */
    RUNNER,
    /** A person or CI through the API: cancel, explicit retry. */
    USER,
    /** The control plane's own loops: dispatcher, launcher, crash detector. */
    SYSTEM
}

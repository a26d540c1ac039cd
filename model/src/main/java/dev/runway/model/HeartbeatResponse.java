package dev.runway.model;

/** What a runner learns from each heartbeat: if the run is being cancelled it should stop. */
public record HeartbeatResponse(StateType state, boolean cancelRequested) {
}

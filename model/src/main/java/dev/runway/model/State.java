package dev.runway.model;

import java.time.Instant;

/**
 * One state of a run, as stored in its history.
 *
 * @param scheduledTime for SCHEDULED states, when the run is due
 * @param resultRef     for COMPLETED states, where the result is stored
 */
public record State(StateType type, String name, String message, Instant timestamp, Instant scheduledTime, String resultRef) {

    public State {
        if (type == null) {
            throw new IllegalArgumentException("state type is required");
        }
        if (name == null || name.isBlank()) {
            name = type.defaultName();
        }
    }

    public static State of(StateType type, Instant timestamp) {
        return new State(type, null, null, timestamp, null, null);
    }

    public static State of(StateType type, String message, Instant timestamp) {
        return new State(type, null, message, timestamp, null, null);
    }

    /** A SCHEDULED state due at {@code due}. */
    public static State scheduled(String name, String message, Instant timestamp, Instant due) {
        return new State(StateType.SCHEDULED, name, message, timestamp, due, null);
    }

    public static State completed(String resultRef, Instant timestamp) {
        return new State(StateType.COMPLETED, null, null, timestamp, null, resultRef);
    }

    public State withName(String newName) {
        return new State(type, newName, message, timestamp, scheduledTime, resultRef);
    }

    public State withMessage(String newMessage) {
        return new State(type, name, newMessage, timestamp, scheduledTime, resultRef);
    }

    public boolean isTerminal() {
        return type.isTerminal();
    }
}

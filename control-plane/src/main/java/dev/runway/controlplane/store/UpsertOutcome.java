package dev.runway.controlplane.store;

import dev.runway.model.Deployment;

/** The result of an upsert: what is stored now, and whether the call created, changed or left it. */
public record UpsertOutcome(Deployment deployment, Change change) {

    public enum Change { CREATED, UPDATED, UNCHANGED }
}

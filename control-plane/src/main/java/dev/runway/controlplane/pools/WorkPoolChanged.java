package dev.runway.controlplane.pools;

/** A pool was created or its settings changed (resumed, limit raised …): its waiting runs may launch now. */
public record WorkPoolChanged(String pool) {
}

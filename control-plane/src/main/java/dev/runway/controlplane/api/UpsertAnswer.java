package dev.runway.controlplane.api;

import dev.runway.controlplane.store.UpsertOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** How every PUT that creates or replaces answers: 201 when created, else 200; {@code Runway-Upsert} says which. */
final class UpsertAnswer {

    private UpsertAnswer() {
    }

    static <T> ResponseEntity<T> of(UpsertOutcome.Change change, T body) {
        return ResponseEntity.status(change == UpsertOutcome.Change.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Runway-Upsert", change.name().toLowerCase())
                .body(body);
    }
}

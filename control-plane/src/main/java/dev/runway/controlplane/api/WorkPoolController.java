package dev.runway.controlplane.api;

import dev.runway.controlplane.pools.WorkPoolService;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.Page;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolImage;
import dev.runway.model.WorkPoolLimit;
import dev.runway.model.WorkPoolSpec;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/work-pools")
class WorkPoolController {

    private static final int MAX_LIMIT = 200;
    /** The limit a concurrency-limit change replaced: a number, or {@code none}. */
    private static final String PREVIOUS_LIMIT = "Runway-Previous-Concurrency-Limit";
    /** The image a change of the image replaced, or {@code none}; left out when it was no image reference. */
    private static final String PREVIOUS_IMAGE = "Runway-Previous-Image";

    private final WorkPoolService pools;

    WorkPoolController(WorkPoolService pools) {
        this.pools = pools;
    }

    /** Creates or replaces; the {@code Runway-Upsert} header says which, or that nothing changed. */
    @PutMapping("/{name}")
    ResponseEntity<WorkPool> upsert(@PathVariable String name, @RequestBody WorkPoolSpec spec) {
        WorkPoolStore.Upserted upserted = pools.upsert(name, spec);
        return UpsertAnswer.of(upserted.change(), upserted.pool());
    }

    @GetMapping
    Page<WorkPool> list(@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        Paging.check(offset, limit, MAX_LIMIT);
        return pools.list(offset, limit);
    }

    @GetMapping("/{name}")
    WorkPool get(@PathVariable String name) {
        return pools.get(name);
    }

    @PostMapping("/{name}/pause")
    WorkPool pause(@PathVariable String name) {
        return pools.setPaused(name, true);
    }

    @PostMapping("/{name}/resume")
    WorkPool resume(@PathVariable String name) {
        return pools.setPaused(name, false);
    }

    /** Sets the limit alone: what else changed in the pool meanwhile is kept. */
    @PutMapping("/{name}/concurrency-limit")
    ResponseEntity<WorkPool> setConcurrencyLimit(@PathVariable String name, @RequestBody WorkPoolLimit limit) {
        if (limit.concurrencyLimit() == null) {
            throw InvalidInputException.of("concurrencyLimit", "is required: a whole number from 1 to "
                    + WorkPoolService.MAX_CONCURRENCY_LIMIT + " (DELETE removes the limit)");
        }
        return limitAnswer(pools.setConcurrencyLimit(name, limit.concurrencyLimit()));
    }

    @DeleteMapping("/{name}/concurrency-limit")
    ResponseEntity<WorkPool> removeConcurrencyLimit(@PathVariable String name) {
        return limitAnswer(pools.setConcurrencyLimit(name, null));
    }

    /** Sets the base job template's image alone: what else changed in the pool meanwhile is kept. */
    @PutMapping("/{name}/image")
    ResponseEntity<WorkPool> setImage(@PathVariable String name, @RequestBody WorkPoolImage image) {
        WorkPoolService.ImageChange change = pools.setImage(name, image.image());
        var answer = ResponseEntity.ok();
        // a template saved whole may hold any text as its image; only an image reference fits in a header
        if (change.previous() == null) {
            answer.header(PREVIOUS_IMAGE, "none");
        } else if (WorkPoolService.IMAGE_REFERENCE.matcher(change.previous()).matches()) {
            answer.header(PREVIOUS_IMAGE, change.previous());
        }
        return answer.body(change.pool());
    }

    private static ResponseEntity<WorkPool> limitAnswer(WorkPoolService.LimitChange change) {
        return ResponseEntity.ok()
                .header(PREVIOUS_LIMIT, change.previous() == null ? "none" : change.previous().toString())
                .body(change.pool());
    }
}

package dev.runway.controlplane.api;

import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.CreateFlowRun;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.Page;
import dev.runway.model.UpsertedDeployment;
import java.net.URI;
import org.springframework.http.HttpStatus;
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
@RequestMapping("/api/deployments")
class DeploymentController {

    private static final int MAX_LIMIT = 200;

    private final DeploymentService deployments;
    private final FlowRunService runs;

    DeploymentController(DeploymentService deployments, FlowRunService runs) {
        this.deployments = deployments;
        this.runs = runs;
    }

    /**
     * Creates or replaces; the {@code Runway-Upsert} header says which (or that nothing changed), the body's
     * {@code warnings} what could not be checked.
     */
    @PutMapping("/{name}")
    ResponseEntity<UpsertedDeployment> upsert(@PathVariable String name, @RequestBody DeploymentSpec spec) {
        DeploymentService.Upserted upserted = deployments.upsert(name, spec);
        UpsertOutcome outcome = upserted.outcome();
        return UpsertAnswer.of(outcome.change(), new UpsertedDeployment(outcome.deployment(), upserted.warnings()));
    }

    @GetMapping
    Page<Deployment> list(@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        Paging.check(offset, limit, MAX_LIMIT);
        return deployments.list(offset, limit);
    }

    @GetMapping("/{name}")
    Deployment get(@PathVariable String name) {
        return deployments.get(name);
    }

    /** 204; 409 while a run of it has not finished. Its finished runs are kept (see {@link DeploymentService#delete}). */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        deployments.delete(name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{name}/runs")
    ResponseEntity<FlowRun> start(@PathVariable String name, @RequestBody(required = false) CreateFlowRun body) {
        FlowRunService.Started started = runs.start(name, body, "manual");
        return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/flow-runs/" + started.run().id()))
                .body(started.run());
    }
}

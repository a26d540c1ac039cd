package dev.runway.controlplane.api;

import dev.runway.controlplane.schedules.DeploymentSchedules;
import dev.runway.model.DeploymentSchedule;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A deployment's schedules with their next fire times; pausing and resuming one. Declaring them is the spec's. */
@RestController
@RequestMapping("/api/deployments/{name}/schedules")
class ScheduleController {

    private final DeploymentSchedules schedules;

    ScheduleController(DeploymentSchedules schedules) {
        this.schedules = schedules;
    }

    /** At most 20 (a deployment's limit), so no paging. */
    @GetMapping
    List<DeploymentSchedule> list(@PathVariable String name) {
        return schedules.list(name);
    }

    @PostMapping("/{id}/pause")
    DeploymentSchedule pause(@PathVariable String name, @PathVariable String id) {
        return schedules.setActive(name, id, false);
    }

    @PostMapping("/{id}/resume")
    DeploymentSchedule resume(@PathVariable String name, @PathVariable String id) {
        return schedules.setActive(name, id, true);
    }
}

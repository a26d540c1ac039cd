package dev.runway.controlplane.api;

import dev.runway.controlplane.deployments.DeploymentsBootstrap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health for people, scripts and load balancers; needs no key. Answers 503 "starting" until the
 * control plane is ready (deployments registered, loops running), so "healthy" means "usable".
 * The deployments registered at start are shown with each one left out; a bad deployment is not an outage, so it
 * never makes the control plane unhealthy: every other deployment runs.
 */
@RestController
class HealthController {

    private final DeploymentsBootstrap deployments;
    private volatile boolean ready;

    HealthController(DeploymentsBootstrap deployments) {
        this.deployments = deployments;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        ready = true;
    }

    @GetMapping("/api/health")
    ResponseEntity<Map<String, Object>> health() {
        if (!ready) {
            return ResponseEntity.status(503).body(Map.of("status", "starting"));
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "healthy");
        deployments.registration().ifPresent(registration -> health.put("deployments", registration));
        return ResponseEntity.ok(health);
    }
}

package dev.runway.controlplane.api;

import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health for people, scripts and load balancers; needs no key. Answers 503 "starting" until the
 * control plane is ready (deployments registered, loops running), so "healthy" means "usable".
 */
@RestController
class HealthController {

    private volatile boolean ready;

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        ready = true;
    }

    @GetMapping("/api/health")
    ResponseEntity<Map<String, String>> health() {
        return ready ? ResponseEntity.ok(Map.of("status", "healthy"))
                : ResponseEntity.status(503).body(Map.of("status", "starting"));
    }
}

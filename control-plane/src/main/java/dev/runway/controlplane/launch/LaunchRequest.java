package dev.runway.controlplane.launch;

import dev.runway.model.FlowRun;
import tools.jackson.databind.node.ObjectNode;

/**
 * @param attempt     the attempt to start (the run's run count when it was dispatched)
 * @param runToken    the token the runner authenticates with; valid for this run and attempt only
 * @param jobTemplate the run's work pool's base job template with its deployment's job variables merged over it
 *                    ({@code JobTemplate.merge}); empty for a run without a pool
 */
public record LaunchRequest(FlowRun run, int attempt, String runToken, ObjectNode jobTemplate) {
}

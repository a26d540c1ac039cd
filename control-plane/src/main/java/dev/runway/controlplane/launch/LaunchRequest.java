package dev.runway.controlplane.launch;

import dev.runway.model.FlowRun;
import dev.runway.model.WorkPool;
import tools.jackson.databind.node.ObjectNode;

/**
 * @param attempt     the attempt to start (the run's run count when it was dispatched)
 * @param runToken    the token the runner authenticates with; valid for this run and attempt only
 * @param pool        the work pool of the run's deployment
 * @param jobTemplate the pool's base job template with the deployment's job variables merged over it
 *                    ({@code JobTemplate.merge}): what the launcher starts the runner from
 * @param takesOver   an earlier launch of this attempt was reserved and never recorded a start (its control plane
 *                    died): a launcher that can find what that one started should use it rather than start another
 */
public record LaunchRequest(FlowRun run, int attempt, String runToken, WorkPool pool, ObjectNode jobTemplate,
                            boolean takesOver) {
}

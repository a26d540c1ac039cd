package dev.runway.cli;

import dev.runway.model.DeploymentProblem;
import dev.runway.model.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * Checks that the control plane answers; needs no key, so ./runway also uses it to wait for a starting server.
 * Lists the deployments the control plane left out at start, which do not make it unhealthy.
 */
@Command(name = "health", description = "Check that the control plane answers.")
final class HealthCommand implements Callable<Integer> {

    @ParentCommand
    private RunwayCli cli;

    @Override
    public Integer call() {
        RunwayApi api = cli.apiWithoutKey();
        try {
            JsonNode health = api.health();
            String status = health.path("status").asString("unknown");
            cli.out().println("Runway at " + api.baseUrl() + " is " + TerminalText.line(status));
            for (JsonNode each : health.path("deployments").path("problems").values()) {
                DeploymentProblem problem = Json.mapper().treeToValue(each, DeploymentProblem.class);
                cli.out().println("  deployment " + TerminalText.line(problem.label()) + " not registered: "
                        + TerminalText.line(problem.reason()));
            }
            return 0;
        } catch (ApiProblem problem) {
            // 503 until the control plane is ready (deployments registered, loops running): not an error, a state.
            if (problem.status() != 503) {
                throw problem;
            }
            cli.out().println("Runway at " + api.baseUrl() + " is starting");
            return 1;
        }
    }
}

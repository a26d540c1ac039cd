package dev.runway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Checks that the control plane answers; needs no key, so ./runway also uses it to wait for a starting server. */
@Command(name = "health", description = "Check that the control plane answers.")
final class HealthCommand implements Callable<Integer> {

    @ParentCommand
    private RunwayCli cli;

    @Override
    public Integer call() {
        RunwayApi api = cli.apiWithoutKey();
        try {
            String status = api.health().path("status").asString("unknown");
            cli.out().println("Runway at " + api.baseUrl() + " is " + TerminalText.line(status));
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

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
        String status = api.health().path("status").asString("unknown");
        cli.out().println("Runway at " + api.baseUrl() + " is " + status);
        return 0;
    }
}

package dev.runway.cli;

import dev.runway.model.json.Json;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints a finished run's result as the flow returned it. */
@Command(name = "result", description = "Print a flow run's result as JSON.")
final class ResultCommand implements Callable<Integer> {

    @ParentCommand
    private RunwayCli cli;

    @Parameters(paramLabel = "RUN_ID")
    private UUID id;

    @Override
    public Integer call() {
        cli.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(cli.api().result(id)));
        return 0;
    }
}

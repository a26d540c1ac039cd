package dev.runway.cli;

import dev.runway.model.OrchestrationResult;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Asks the control plane to cancel a run; a running one goes CANCELLING until its runner stops. */
@Command(name = "cancel", description = "Cancel a flow run.")
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    private RunwayCli cli;

    @Parameters(paramLabel = "RUN_ID")
    private UUID id;

    @Override
    public Integer call() {
        OrchestrationResult result = cli.api().cancel(id);
        String state = RunFormat.state(result.state());
        if (result.status() == OrchestrationResult.Status.ACCEPT) {
            cli.out().println("flow run " + id + ": " + state);
            return 0;
        }
        cli.err().println("flow run " + id + " not cancelled, it is " + state
                + (result.reason() == null ? "" : ": " + TerminalText.line(result.reason())));
        return 1;
    }
}

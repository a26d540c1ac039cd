package dev.runway.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints a run's logs, and with {@code --follow} keeps printing until the run ends. */
@Command(name = "logs", description = "Print a flow run's logs.")
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    private RunwayCli cli;

    @Parameters(paramLabel = "RUN_ID")
    private UUID id;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the run ends.")
    private boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        RunWatch watch = cli.watch(cli.api());
        if (follow) {
            watch.followLogs(id);
        } else {
            watch.printLogs(id);
        }
        return 0;
    }
}

package dev.runway.cli;

import dev.runway.model.FlowRun;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.StateType;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Lists flow runs and shows one with its state history. */
@Command(name = "runs", description = "List flow runs, or show one.")
final class RunsCommand {

    @ParentCommand
    private RunwayCli cli;

    @Command(name = "ls", aliases = "list", description = "List flow runs, newest first.")
    int list(
            @Option(names = "--state", split = ",", paramLabel = "STATE",
                    description = "Only runs in these states, e.g. FAILED,CRASHED.") List<StateType> states,
            @Option(names = "--deployment", paramLabel = "NAME", description = "Only runs of this deployment.")
            String deployment,
            @Option(names = "--since", paramLabel = "TIME", converter = InstantArgument.class,
                    description = "Only runs created since then: 2026-11-24T09:30:00Z, 2026-11-24T09:30 or 2026-11-24.")
            Instant since,
            @Option(names = "--limit", paramLabel = "N", description = "At most N runs (the server's default is 50).")
            Integer limit,
            @Option(names = "--offset", paramLabel = "N", description = "Skip the N newest runs.") Integer offset) {
        Map<String, String> query = new LinkedHashMap<>();
        if (states != null) {
            query.put("state", states.stream().map(StateType::name).collect(Collectors.joining(",")));
        }
        if (deployment != null) {
            query.put("deployment", deployment);
        }
        if (since != null) {
            query.put("since", since.toString());
        }
        if (limit != null) {
            query.put("limit", limit.toString());
        }
        if (offset != null) {
            query.put("offset", offset.toString());
        }
        Page<FlowRun> page = cli.api().flowRuns(query);
        print(page);
        return 0;
    }

    @Command(name = "show", description = "Show a flow run and its state history.")
    int show(@Parameters(paramLabel = "RUN_ID") UUID id) {
        RunwayApi api = cli.api();
        FlowRun run = api.flowRun(id);
        List<State> history = api.states(id);
        RunFormat format = cli.format();
        PrintWriter out = cli.out();
        Table fields = new Table()
                .row("id", run.id().toString())
                .row("name", orDash(run.name()))
                .row("deployment", orDash(run.deploymentName()) + (run.flowName() == null ? "" : "  (flow " + run.flowName() + ")"))
                .row("state", RunFormat.state(run.state()) + (run.state() == null || run.state().message() == null
                        ? "" : "  " + run.state().message()))
                .row("parameters", run.parameters() == null ? "{}" : run.parameters().toString())
                .row("created", format.dateTime(run.createdAt()) + (run.createdBy() == null ? "" : "  by " + run.createdBy()))
                .row("started", format.dateTime(run.startTime()))
                .row("ended", format.dateTime(run.endTime()))
                .row("duration", format.duration(run))
                .row("attempts", Integer.toString(run.runCount()));
        if (run.infrastructureId() != null) {
            fields.row("infrastructure", run.infrastructureId());
        }
        if (run.resultRef() != null) {
            fields.row("result", run.resultRef());
        }
        fields.print(out);
        out.println();
        out.println("states");
        history.forEach(state -> out.println("  " + format.stateLine(state, true)));
        return 0;
    }

    private void print(Page<FlowRun> page) {
        PrintWriter out = cli.out();
        if (page.items().isEmpty()) {
            out.println(page.total() == 0 ? "no flow runs" : "no flow runs past offset " + page.offset() + " of " + page.total());
            return;
        }
        RunFormat format = cli.format();
        Table table = new Table().row("ID", "DEPLOYMENT", "STATE", "CREATED", "DURATION");
        for (FlowRun run : page.items()) {
            table.row(run.id().toString(), orDash(run.deploymentName()), RunFormat.state(run.state()),
                    format.dateTime(run.createdAt()), format.duration(run));
        }
        table.print(out);
        int shownTo = page.offset() + page.items().size();
        if (page.offset() > 0 || shownTo < page.total()) {
            out.println("runs " + (page.offset() + 1) + "–" + shownTo + " of " + page.total()
                    + (shownTo < page.total() ? "; --offset " + shownTo + " for more" : ""));
        }
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}

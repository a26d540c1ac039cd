package dev.runway.cli;

import dev.runway.model.CreateFlowRun;
import dev.runway.model.Deployment;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.ObjectNode;

/** Starts a flow run of a deployment now and, with {@code --watch}, follows it to its end. */
@Command(name = "run", description = "Start a flow run of a deployment.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private RunwayCli cli;

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment to run.")
    private String deployment;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
            description = "A parameter; numbers, booleans, arrays and objects are read as JSON when the"
                    + " deployment's schema types them so. Repeatable.")
    private Map<String, String> pairs = new LinkedHashMap<>();

    @Option(names = "--params", paramLabel = "JSON", converter = JsonObjectArgument.class,
            description = "Parameters as one JSON object; -p values override its keys.")
    private ObjectNode json;

    @Option(names = "--watch", description = "Follow the run's states and logs until it ends, then print its result.")
    private boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        RunwayApi api = cli.api();
        // The schema tells which -p values are JSON; asking for it first also names an unknown deployment early.
        Deployment target = api.deployment(deployment);
        ObjectNode parameters = ParameterCoercion.parameters(target.spec().parameterSchema(), json, pairs);
        FlowRun run = api.createRun(deployment, new CreateFlowRun(parameters, null, null, null));
        if (!watch) {
            cli.out().println("flow run " + run.id() + " of " + deployment + ": " + RunFormat.state(run.state()));
            return 0;
        }
        cli.out().println("flow run " + run.id() + " of " + deployment);
        State end = cli.watch(api).followStates(run.id());
        return ending(api, run.id(), end);
    }

    private int ending(RunwayApi api, UUID id, State end) {
        if (end.type() != StateType.COMPLETED) {
            cli.err().println("flow run " + id + " ended " + RunFormat.state(end)
                    + (end.message() == null ? "" : ": " + TerminalText.line(end.message())));
            return 1;
        }
        try {
            cli.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(api.result(id)));
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                throw problem;
            }
            cli.out().println("(no result)");
        }
        return 0;
    }
}

package dev.runway.cli;

import dev.runway.model.DeploymentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Upserts the deployments the runner jar declares. The same specs twice change nothing, so CI runs it on every push.
 * Its default file and jar are the project's own, relative to the current directory like any path typed.
 */
@Command(name = "deploy", description = "Create or update deployments from the runner jar's deployments.yaml.")
final class DeployCommand implements Callable<Integer> {

    static final String DEFAULT_FILE = "functions/src/main/resources/deployments.yaml";
    static final String DEFAULT_RUNNER_JAR = "functions/target/runway-runner.jar";

    @ParentCommand
    private RunwayCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Deploy every deployment the file declares.")
    private boolean all;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Deploy only these deployments.")
    private List<String> names = new ArrayList<>();

    @Option(names = "--file", paramLabel = "YAML",
            description = {"The deployments file; default", DEFAULT_FILE,
                    "if there, else the one in the runner jar."})
    private String file;

    @Option(names = "--runner-jar", paramLabel = "JAR",
            description = {"The runner jar, which derives the parameter",
                    "schemas; default " + DEFAULT_RUNNER_JAR + "."})
    private String runnerJar;

    @Override
    public Integer call() {
        if (all && !names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--all and deployment names exclude each other");
        }
        if (!all && names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name the deployments to deploy, or pass --all");
        }
        RunwayApi api = cli.api();
        List<DeploymentSpec> specs = chosen(cli.environment().describer().describe(runnerJar(), deploymentsFile()));
        if (specs.isEmpty()) {
            cli.out().println("no deployments declared");
            return 0;
        }
        int width = specs.stream().mapToInt(each -> each.name().length()).max().orElse(0);
        boolean failed = false;
        for (DeploymentSpec each : specs) {
            String name = each.name() + " ".repeat(width - each.name().length());
            try {
                cli.out().println(name + "  " + api.upsert(each));
            } catch (ApiProblem problem) {
                // One bad deployment should not keep the others from being deployed.
                cli.out().println(name + "  failed: " + problem.getMessage());
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }

    private List<DeploymentSpec> chosen(List<DeploymentSpec> declared) {
        if (all) {
            return declared;
        }
        List<String> known = declared.stream().map(DeploymentSpec::name).toList();
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new CommandFailure("no deployment named " + String.join(", ", unknown)
                    + "\n  declared: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return declared.stream().filter(each -> names.contains(each.name())).toList();
    }

    private Path runnerJar() {
        return cli.environment().resolve(runnerJar != null ? runnerJar : DEFAULT_RUNNER_JAR);
    }

    private Optional<Path> deploymentsFile() {
        if (file != null) {
            Path path = cli.environment().resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new CommandFailure("no deployments file at " + path);
            }
            return Optional.of(path);
        }
        return Optional.of(cli.environment().resolve(DEFAULT_FILE)).filter(Files::isRegularFile);
    }
}

package dev.runway.cli;

import dev.runway.model.Deployment;
import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * A deployment the runner could not describe, or the server refuses, is printed with the reason and the others are
 * deployed all the same; the exit code is 1 when any was left out.
 * <p>
 * With {@code --prune} the file is the whole truth: the deployments on the control plane it does not declare are
 * deleted afterwards, each printed. Only a file read in full and deployed in full prunes: a file that cannot be read,
 * an entry that could not be described (it may be the one a deployment on the server is meant to stay as) or a
 * deployment the server refused removes nothing, and neither does a file declaring none.
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

    @Option(names = "--prune", description = {"Then delete the deployments on the control plane",
            "that the file does not declare (needs --all)."})
    private boolean prune;

    @Option(names = "--dry-run", description = {"Change nothing: print what would be created,",
            "updated and (with --prune) removed."})
    private boolean dryRun;

    @Override
    public Integer call() {
        if (all && !names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--all and deployment names exclude each other");
        }
        if (!all && names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name the deployments to deploy, or pass --all");
        }
        if (prune && !all) {
            throw new ParameterException(spec.commandLine(),
                    "--prune needs --all: it removes what the whole file does not declare");
        }
        RunwayApi api = cli.api();
        DescribedDeployments described = cli.environment().describer().describe(runnerJar(), deploymentsFile());
        List<DeploymentSpec> specs = chosen(described);
        List<DeploymentProblem> problems = described.problems().stream()
                .filter(problem -> all || names.contains(problem.deployment()))
                .toList();
        if (specs.isEmpty() && problems.isEmpty()) {
            if (prune) {
                throw new CommandFailure("the file declares no deployments; --prune would remove every deployment on"
                        + " the control plane, so nothing was removed");
            }
            cli.out().println("no deployments declared");
            return 0;
        }
        Map<String, Deployment> onServer = prune || dryRun
                ? api.deployments().stream().collect(Collectors.toMap(d -> d.spec().name(), d -> d, (a, b) -> a, TreeMap::new))
                : Map.of();
        List<String> undeclared = prune ? undeclared(onServer.keySet(), described) : List.of();
        int width = Stream.of(specs.stream().map(DeploymentSpec::name), problems.stream().map(DeploymentProblem::label),
                        undeclared.stream())
                .flatMap(each -> each)
                .mapToInt(name -> TerminalText.line(name).length()).max().orElse(0);
        boolean failed = false;
        for (DeploymentSpec each : specs) {
            if (dryRun) {
                cli.out().println(padded(each.name(), width) + "  " + wouldDeploy(each, onServer.get(each.name())));
                continue;
            }
            try {
                cli.out().println(padded(each.name(), width) + "  " + TerminalText.line(api.upsert(each)));
            } catch (ApiProblem problem) {
                // One bad deployment should not keep the others from being deployed.
                cli.out().println(padded(each.name(), width) + "  failed: " + problem.getMessage());
                failed = true;
            }
        }
        // The runner left these out of its description; the rest are deployed, and the exit code tells CI.
        for (DeploymentProblem problem : problems) {
            cli.out().println(padded(problem.label(), width) + "  failed: " + TerminalText.line(problem.reason()));
            failed = true;
        }
        if (!undeclared.isEmpty()) {
            failed |= prune(api, undeclared, failed, width);
        }
        return failed ? 1 : 0;
    }

    /** Deletes (or, in a dry run, names) the undeclared deployments, unless something declared failed; true if any stays. */
    private boolean prune(RunwayApi api, List<String> undeclared, boolean declaredFailed, int width) {
        if (declaredFailed) {
            // A broken entry may be a deployment meant to stay, or the renamed successor of one: removing is for a file
            // that was read and deployed in full.
            cli.out().println("not pruning " + String.join(", ", undeclared.stream().map(TerminalText::line).toList())
                    + ": the file has deployments that failed; fix them first");
            return true;
        }
        boolean kept = false;
        for (String name : undeclared) {
            if (dryRun) {
                cli.out().println(padded(name, width) + "  would be removed");
                continue;
            }
            try {
                cli.out().println(padded(name, width) + "  " + (api.deleteDeployment(name) ? "removed" : "already removed"));
            } catch (ApiProblem problem) {
                cli.out().println(padded(name, width) + "  not removed: " + problem.getMessage());
                kept = true;
            }
        }
        return kept;
    }

    /** The deployments on the server the file does not declare, described or not. */
    private static List<String> undeclared(Set<String> onServer, DescribedDeployments described) {
        Set<String> declared = Stream.concat(described.deployments().stream().map(DeploymentSpec::name),
                described.problems().stream().map(DeploymentProblem::deployment).filter(Objects::nonNull))
                .collect(Collectors.toSet());
        return onServer.stream().filter(name -> !declared.contains(name)).toList();
    }

    /**
     * What an upsert would answer, judged as the server judges it: the spec with its defaults, and its schedules as
     * paused as they are, against the stored one.
     */
    private static String wouldDeploy(DeploymentSpec wanted, Deployment stored) {
        if (stored == null) {
            return "would be created";
        }
        DeploymentSpec resolved = wanted.withSchedulesActiveAs(stored.spec().schedules()).withDefaults(wanted.name());
        return stored.spec().equals(resolved) ? "unchanged" : "would be updated";
    }

    private static String padded(String name, int width) {
        String shown = TerminalText.line(name);
        return shown + " ".repeat(width - shown.length());
    }

    private List<DeploymentSpec> chosen(DescribedDeployments described) {
        List<DeploymentSpec> declared = described.deployments();
        if (all) {
            return declared;
        }
        List<String> known = Stream.concat(declared.stream().map(DeploymentSpec::name),
                described.problems().stream().map(DeploymentProblem::deployment).filter(Objects::nonNull))
                .distinct().toList();
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

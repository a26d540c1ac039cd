package dev.runway.runner;

import dev.runway.model.DescribedDeployments;
import dev.runway.model.json.Json;
import dev.runway.runner.FlowRunAttempt.Aftermath;
import dev.runway.runner.inbox.WarmInbox;
import dev.runway.runner.inbox.WarmInboxes;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's command line.
 *
 * <pre>
 * java -jar runway-runner.jar                 run the flow run named by RUNWAY_RUN_ID (see docs/api.md)
 * java -jar runway-runner.jar --describe [--deployments=path/to/deployments.yaml]
 *                                             print {"deployments":[DeploymentSpec…],"problems":[DeploymentProblem…]}
 *                                             on stdout
 * java -jar runway-runner.jar --train         describe and run a flow of its own, for a JVM recording a start-up
 *                                             cache (see {@link Training})
 * java -jar runway-runner.jar --warm          a warm runner: start the flows once, then run the flow runs that start
 *                                             messages from RUNWAY_WARM_INBOX name, one after another, until the inbox
 *                                             ends or SIGTERM (see {@link WarmWorker}, {@link WarmSettings})
 * </pre>
 * Other {@code --name=value} arguments are properties of the flows' Spring context, e.g.
 * {@code --runway.flows.packages=com.acme.flows}.
 */
final class RunnerCommand {

    /**
     * The run's final state was reported, or the run was not this runner's to run; describe printed its JSON, which
     * lists the entries it could not describe under {@code problems}: one bad entry does not hide the good ones; a warm
     * runner's inbox ended, or it was stopped (SIGTERM) and drained.
     */
    static final int OK = 0;
    /** The runner could not do its job: the control plane unreachable or refusing, the flows failing to start. */
    static final int FAILED = 1;
    /** Started wrongly: bad arguments, environment or deployments.yaml. The message says what to fix. */
    static final int MISCONFIGURED = 2;
    /**
     * A warm runner that must not take another run: a flow threw a {@link VirtualMachineError} or did not stop when
     * interrupted. Its final state was reported; start a new runner in its place.
     */
    static final int REPLACE_ME = 3;

    private static final Logger log = LoggerFactory.getLogger(RunnerCommand.class);
    private static final String DEPLOYMENTS_OPTION = "--deployments=";

    private final Function<String[], FlowCatalog> flows;
    private final Clock clock;
    private final Supplier<Instant> jvmStart;

    RunnerCommand(Function<String[], FlowCatalog> flows, Clock clock, Supplier<Instant> jvmStart) {
        this.flows = flows;
        this.clock = clock;
        this.jvmStart = jvmStart;
    }

    int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help")) {
            out.println("usage: runway-runner [--describe [--deployments=path/to/deployments.yaml] | --train | --warm]"
                    + " [--name=value …]");
            return OK;
        }
        if (arguments.contains("--train")) {
            return guarded(() -> {
                Training.run(args, (environment, trainingFlows) ->
                        attempt(RunSettings.fromEnvironment(environment), trainingFlows, RetryPolicy.ONCE).execute());
                return OK;
            }, err);
        }
        if (arguments.contains("--warm")) {
            return guarded(() -> warm(args, env), err);
        }
        if (!arguments.contains("--describe")) {
            return guarded(() -> {
                run(args, env);
                return OK;
            }, err);
        }
        // Only the JSON goes to out: anything else written to System.out, Spring's log lines included, goes to stderr.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return guarded(() -> {
                describe(args, deploymentsFile(arguments), out, err);
                return OK;
            }, err);
        } finally {
            System.setOut(stdout);
        }
    }

    private static int guarded(IntSupplier mode, PrintStream err) {
        try {
            return mode.getAsInt();
        } catch (ConfigurationException e) {
            err.println("runway-runner: " + e.getMessage());
            return MISCONFIGURED;
        } catch (RuntimeException e) {
            log.error("The runner could not do its job", e);
            err.println("runway-runner: " + e.getMessage());
            return FAILED;
        }
    }

    private void run(String[] args, Map<String, String> env) {
        attempt(RunSettings.fromEnvironment(env), () -> flows.apply(args), RetryPolicy.PATIENT).execute();
    }

    /**
     * Takes the inbox's start messages until it ends (exit 0) or SIGTERM ({@link DrainOnShutdown}), or a run leaves
     * the JVM unfit for another ({@link #REPLACE_ME}). The inbox is opened before the flows start, so a wrong
     * {@code RUNWAY_WARM_INBOX} is told at once.
     */
    private int warm(String[] args, Map<String, String> env) {
        WarmSettings settings = WarmSettings.fromEnvironment(env);
        WarmInbox inbox;
        try {
            inbox = WarmInboxes.open(settings.inbox(), env);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("RUNWAY_WARM_INBOX: " + e.getMessage());
        }
        FlowCatalog catalog;
        try {
            catalog = flows.apply(args);
        } catch (RuntimeException e) {
            inbox.close();
            throw e;
        }
        String claimant = claimant();
        WarmWorker worker = new WarmWorker(inbox, env, settings.drain(),
                run -> attempt(run, catalog::shared, RetryPolicy.PATIENT, claimant));
        DrainOnShutdown shutdown = DrainOnShutdown.install(worker);
        int code = FAILED;
        try {
            log.info("warm worker ready, {} ms after JVM start; taking flow runs from {}",
                    Duration.between(jvmStart.get(), clock.instant()).toMillis(), settings.inbox());
            code = worker.run() == Aftermath.CLEAN ? OK : REPLACE_ME;
            return code;
        } finally {
            inbox.close();
            catalog.close();
            shutdown.finished(code);
        }
    }

    private FlowRunAttempt attempt(RunSettings settings, Supplier<FlowCatalog> flows, RetryPolicy retry) {
        return attempt(settings, flows, retry, claimant());
    }

    /** The attempt at the flow run that a launcher's environment, or a warm runner's start message, names. */
    private FlowRunAttempt attempt(RunSettings settings, Supplier<FlowCatalog> flows, RetryPolicy retry, String claimant) {
        ControlPlaneClient client = new ControlPlaneClient(settings.apiUrl(), settings.runId(), settings.token(), retry);
        return new FlowRunAttempt(settings, client, Delivery.DEFAULT, flows, clock, jvmStart, claimant,
                FlowRunAttempt.CANCEL_GRACE);
    }

    private void describe(String[] args, Path deploymentsFile, PrintStream out, PrintStream err) {
        List<DeploymentsFile.Entry> entries = deploymentsFile == null
                ? DeploymentsFile.fromClasspath(RunnerCommand.class.getClassLoader())
                : DeploymentsFile.fromFile(deploymentsFile);
        DescribedDeployments described;
        try (FlowCatalog catalog = flows.apply(args)) {
            described = new DeploymentsDescriber(catalog).describe(entries);
        }
        described.problems().forEach(problem ->
                err.println("runway-runner: deployment " + problem.label() + " left out: " + problem.reason()));
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(described));
        out.flush();
    }

    private static Path deploymentsFile(List<String> arguments) {
        return arguments.stream()
                .filter(argument -> argument.startsWith(DEPLOYMENTS_OPTION))
                .map(argument -> Path.of(argument.substring(DEPLOYMENTS_OPTION.length())))
                .findFirst()
                .orElse(null);
    }

    /** Names this runner instance in the claim: which host and process, plus a nonce in case a pid is reused. */
    private static String claimant() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        byte[] nonce = new byte[4];
        ThreadLocalRandom.current().nextBytes(nonce);
        return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(nonce);
    }
}

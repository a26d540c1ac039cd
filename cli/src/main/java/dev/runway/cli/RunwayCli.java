package dev.runway.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code runway} command. Global options are inherited, so they go before or after the subcommand alike. */
@Command(name = "runway",
        description = "Deploys flows and starts, follows and inspects flow runs on a Runway control plane.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DeployCommand.class, RunCommand.class, RunsCommand.class, ResultCommand.class,
                LogsCommand.class, CancelCommand.class, PoolsCommand.class, SchedulesCommand.class,
                WebhooksCommand.class, HealthCommand.class},
        footer = {"",
                "Examples:",
                "  runway deploy --all --prune --dry-run",
                "  runway run hello -p name=Ada --watch",
                "  runway runs ls --state FAILED,CRASHED --since 2026-11-24",
                "  runway logs 0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10 --follow",
                "  runway pools set-limit local 4",
                "  runway schedules ls nightly-etl"})
public final class RunwayCli {

    static final String DEFAULT_API_URL = "http://localhost:4200";

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = {"The control plane (env RUNWAY_API_URL,", "default " + DEFAULT_API_URL + ")."})
    private String apiUrl;

    @Option(names = "--api-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
            description = {"API key (env RUNWAY_API_KEY, else the file",
                    ApiKey.FILE + " in RUNWAY_HOME, default ./.runway)."})
    private String apiKey;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;
    private PrintWriter out;
    private PrintWriter err;

    RunwayCli(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(CliEnvironment.system()).execute(args));
    }

    static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new RunwayCli(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.registerConverter(UUID.class, new RunIdArgument());
        commandLine.setExecutionExceptionHandler(RunwayCli::report);
        return commandLine;
    }

    /** Failures meant for the user are one {@code error:} line plus details; anything else is a bug, shown briefly. */
    private static int report(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = TerminalText.printer(command.getErr());
        if (failure instanceof CommandFailure) {
            err.println("error: " + failure.getMessage());
        } else {
            RunwayCli cli = command.getCommandSpec().root().commandLine().getCommand();
            err.println("error: unexpected " + failure);
            if (cli.environment.variable("RUNWAY_DEBUG").isPresent()) {
                failure.printStackTrace(err);
            } else {
                err.println("  set RUNWAY_DEBUG=1 to see where it happened");
            }
        }
        err.flush();
        return 1;
    }

    /** The API with the user's key; fails here, before any work, when there is none. */
    RunwayApi api() {
        return new RunwayApi(http(), apiUrl(), ApiKey.find(apiKey, environment));
    }

    /** The API for the endpoints that need no key. */
    RunwayApi apiWithoutKey() {
        return new RunwayApi(http(), apiUrl(), null);
    }

    CliEnvironment environment() {
        return environment;
    }

    RunFormat format() {
        return new RunFormat(environment.clock());
    }

    RunWatch watch(RunwayApi api) {
        return new RunWatch(api, format(), out(), environment.pollInterval());
    }

    /** Where commands print: nothing from the server reaches the terminal with its control characters raw. */
    PrintWriter out() {
        if (out == null) {
            out = TerminalText.printer(spec.commandLine().getOut());
        }
        return out;
    }

    PrintWriter err() {
        if (err == null) {
            err = TerminalText.printer(spec.commandLine().getErr());
        }
        return err;
    }

    private static HttpClient http() {
        // HTTP/1.1: no h2c upgrade dance with the control plane on every request.
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private String apiUrl() {
        String url = apiUrl != null ? apiUrl.strip() : environment.variable("RUNWAY_API_URL").orElse(DEFAULT_API_URL);
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }
        } catch (IllegalArgumentException notAUri) {
            // reported below, with the same words as any other bad URL
        }
        throw new CommandFailure("the API URL '" + url + "' is not a URL such as " + DEFAULT_API_URL
                + (apiUrl != null ? " (from --api-url)" : " (from RUNWAY_API_URL)"));
    }
}

package dev.runway.cli;

import dev.runway.model.DescribedDeployments;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with a chosen environment, capturing what it prints. */
final class Cli {

    /** Tests read times as UTC; the fixed "now" is after every run they make up. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T23:00:00Z"), ZoneOffset.UTC);

    record Outcome(int exitCode, String out, String err) {
    }

    private final Map<String, String> variables = new HashMap<>();
    private final Path workingDirectory;
    private DeploymentDescriber describer = (jar, file) -> new DescribedDeployments(List.of(), List.of(), List.of());
    private String stdin = "";

    private Cli(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    static Cli in(Path workingDirectory) {
        return new Cli(workingDirectory);
    }

    /** A CLI pointed at the fake server with a key, as most tests want it. */
    static Cli against(FakeRunway server, Path workingDirectory) {
        return in(workingDirectory).env("RUNWAY_API_URL", server.url()).env("RUNWAY_API_KEY", "test-key");
    }

    Cli env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Cli describer(DeploymentDescriber describer) {
        this.describer = describer;
        return this;
    }

    /** What the command reads from its standard input. */
    Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    Outcome run(String... args) {
        CliEnvironment environment = new CliEnvironment(Map.copyOf(variables), workingDirectory, CLOCK, Duration.ZERO,
                describer, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine commandLine = RunwayCli.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }
}

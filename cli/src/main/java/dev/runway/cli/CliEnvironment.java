package dev.runway.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI takes from the machine it runs on. Tests pass their own, so no command reads
 * {@code System.getenv}, the current directory or the clock directly.
 *
 * @param pollInterval how long {@code --watch} and {@code --follow} wait between two polls
 * @param describer    how {@code deploy} learns the deployments a runner jar declares
 * @param stdin        what is piped in, for secrets kept off the command line (and so out of shell history)
 */
record CliEnvironment(Map<String, String> variables, Path workingDirectory, Clock clock, Duration pollInterval,
                      DeploymentDescriber describer, InputStream stdin) {

    static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Clock.systemDefaultZone(),
                Duration.ofMillis(250), RunnerJarDescriber.withCurrentJava(), System.in);
    }

    /** An environment variable, treating a blank value as unset. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }

    /**
     * Where the local control plane keeps its files, the API key among them: {@code RUNWAY_HOME} as the control plane
     * reads it, else {@code .runway} in the current directory, its default when started from the repo root.
     */
    Path runwayHome() {
        return variable("RUNWAY_HOME").map(this::resolve).orElse(workingDirectory.resolve(".runway"));
    }

    /** A path the user typed, relative to where they are. */
    Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }
}

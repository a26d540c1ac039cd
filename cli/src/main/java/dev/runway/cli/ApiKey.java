package dev.runway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The key the CLI sends as {@code Authorization: Bearer}, and where it came from (named when the server refuses it).
 * The local control plane writes {@code <RUNWAY_HOME>/api-key} on its first start, so nobody types a key locally.
 */
record ApiKey(String value, String source) {

    static final String FILE = "api-key";

    static ApiKey find(String option, CliEnvironment environment) {
        if (option != null && !option.isBlank()) {
            return new ApiKey(option.strip(), "--api-key");
        }
        var fromVariable = environment.variable("RUNWAY_API_KEY");
        if (fromVariable.isPresent()) {
            return new ApiKey(fromVariable.get().strip(), "RUNWAY_API_KEY");
        }
        Set<Path> files = new LinkedHashSet<>();
        files.add(environment.runwayHome().resolve(FILE));
        files.add(environment.workingDirectory().resolve(".runway").resolve(FILE));
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                return read(file);
            }
        }
        throw new CommandFailure("no API key: no --api-key, no RUNWAY_API_KEY, and no file "
                + String.join(" or ", files.stream().map(Path::toString).toList())
                + "\n  locally, ./runway server start writes that file on first start;"
                + "\n  set RUNWAY_HOME to the control plane's RUNWAY_HOME when you work elsewhere");
    }

    private static ApiKey read(Path file) {
        try {
            String key = Files.readString(file).strip();
            if (key.isEmpty()) {
                throw new CommandFailure("the API key file " + file + " is empty");
            }
            return new ApiKey(key, file.toString());
        } catch (IOException e) {
            throw new CommandFailure("cannot read the API key file " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The environment a runner process starts with. Not the control plane's: that holds its API key,
 * database password and whatever else the server was given, and flows are code anyone who deploys
 * can write. A runner gets what a JVM and the tools a flow calls need to find programs, files, the
 * locale and the time zone, then the {@code runway.launcher.env} entries, then the {@code env} of its run's job
 * template (its work pool's, with its deployment's job variables over it), then its run's {@code RUNWAY_*} variables,
 * which nothing can replace.
 */
@Component
public class RunnerEnvironment {

    /**
     * Taken from the control plane's environment when set, with every {@code LC_*}. JVM option variables
     * ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}) are not: they belong to the server's JVM, and
     * runners have {@code runway.launcher.jvm-args}.
     */
    static final List<String> FROM_HOST = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
            "JAVA_HOME",
            // Windows: without SystemRoot a JVM cannot open a socket; the others are its temp and home folders
            "SystemRoot", "TEMP", "TMP", "USERPROFILE");
    private static final String LOCALE_PREFIX = "LC_";

    private final Map<String, String> base;

    @Autowired
    public RunnerEnvironment(RunwayProperties properties) {
        this(System.getenv(), properties.launcher().env());
    }

    RunnerEnvironment(Map<String, String> host, Map<String, String> configured) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : FROM_HOST) {
            String value = host.get(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        host.forEach((name, value) -> {
            if (name.startsWith(LOCALE_PREFIX)) {
                variables.put(name, value);
            }
        });
        variables.putAll(configured);
        this.base = Map.copyOf(variables);
    }

    /**
     * Replaces the builder's environment (a copy of the control plane's) with a runner's, plus its job template's
     * variables {@code job}, plus {@code run}'s own variables.
     */
    void applyTo(ProcessBuilder builder, Map<String, String> job, Map<String, String> run) {
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(base);
        environment.putAll(job);
        environment.putAll(run);
    }
}

package dev.runway.runner;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runner: {@link RunnerCommand} says what it does. The flows live in a small Spring context
 * ({@link FlowContext}); the runtime itself is plain Java around it, so a runner starts quickly.
 */
public final class RunnerApplication {

    private RunnerApplication() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.out, System.err));
    }

    /** Does what {@code java -jar runway-runner.jar args} does, in this JVM, and returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        // Asked only once the claim is sent: loading java.management takes a few dozen milliseconds.
        Supplier<Instant> jvmStart = () -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return new RunnerCommand(FlowContext::start, Clock.systemUTC(), jvmStart).execute(args, env, out, err);
    }
}

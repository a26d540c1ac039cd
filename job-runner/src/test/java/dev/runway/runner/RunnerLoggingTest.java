package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a runner prints when the flows bring no logback.xml. */
class RunnerLoggingTest {

    @Test
    void printsInfoAndAboveToStandardOutputWithTimeLevelThreadAndLogger() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            RunnerLogging logging = new RunnerLogging();
            logging.setContext(context);
            logging.configure(context);
            Logger flow = context.getLogger("com.acme.flows.Chatty");
            flow.debug("a detail nobody asked for");
            flow.info("Line 1 of 2");
            flow.warn("Line 2 of 2");
        } finally {
            System.setOut(stdout);
            context.stop();
        }

        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+  INFO \\[ *main] "
                        + "com\\.acme\\.flows\\.Chatty +: Line 1 of 2"),
                line -> assertThat(line).contains(" WARN [").endsWith(": Line 2 of 2"));
    }
}

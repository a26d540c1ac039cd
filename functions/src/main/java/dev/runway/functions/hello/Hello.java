package dev.runway.functions.hello;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The smallest flow: takes a name, logs, returns a greeting. */
@Component("hello")
public class Hello implements Function<Hello.Parameters, Hello.Greeting> {

    private static final Logger log = LoggerFactory.getLogger(Hello.class);

    /** @param name who to greet; the deployment's default is "World" */
    public record Parameters(String name) {
    }

    public record Greeting(String message) {
    }

    @Override
    public Greeting apply(Parameters parameters) {
        String name = parameters.name() == null || parameters.name().isBlank() ? "World" : parameters.name();
        log.info("Greeting {}", name);
        return new Greeting("Hello, " + name + "!");
    }
}

package com.acme.flows;

import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Logs {@code lines} lines as fast as it can ("Line 1 of 50000", …) and returns how many it wrote. It lives in a
 * package of its own, as a user's flow would: the runner finds flows wherever they sit in this module.
 */
@Component("chatty")
public class Chatty implements Function<Chatty.Parameters, Chatty.Said> {

    private static final Logger log = LoggerFactory.getLogger(Chatty.class);

    /** @param lines how many lines to log; the deployment's default is 1000 */
    public record Parameters(int lines) {
    }

    public record Said(int lines) {
    }

    private final Consumer<String> say;

    public Chatty() {
        this(log::info);
    }

    /** @param say where the lines go; a test collects them */
    Chatty(Consumer<String> say) {
        this.say = say;
    }

    @Override
    public Said apply(Parameters parameters) {
        if (parameters.lines() < 0) {
            throw new IllegalArgumentException("lines must be 0 or more, got " + parameters.lines());
        }
        for (int line = 1; line <= parameters.lines(); line++) {
            say.accept("Line " + line + " of " + parameters.lines());
        }
        return new Said(parameters.lines());
    }
}

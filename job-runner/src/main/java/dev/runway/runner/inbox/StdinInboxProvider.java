package dev.runway.runner.inbox;

import java.util.Map;

/** {@code stdin}: the runner's standard input, a {@link StdinInbox}. */
public final class StdinInboxProvider implements WarmInboxProvider {

    @Override
    public String scheme() {
        return "stdin";
    }

    @Override
    public String form() {
        return "stdin";
    }

    @Override
    public WarmInbox open(String location, Map<String, String> environment) {
        if (!location.equalsIgnoreCase(scheme())) {
            throw new IllegalArgumentException("the stdin inbox takes no address, got '" + location + "'");
        }
        return new StdinInbox(System.in, System.out);
    }
}

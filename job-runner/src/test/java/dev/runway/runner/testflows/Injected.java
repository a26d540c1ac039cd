package dev.runway.runner.testflows;

import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A flow that gets its collaborators and settings from the context: the runner's JSON mapper and a property. */
@Component("injected")
public class Injected implements Supplier<TestFlows.Reply> {

    private final JsonMapper json;
    private final String greeting;

    public Injected(JsonMapper json, @Value("${test.greeting:Hi}") String greeting) {
        this.json = json;
        this.greeting = greeting;
    }

    @Override
    public TestFlows.Reply get() {
        return new TestFlows.Reply(greeting + " " + json.writeValueAsString(Map.of("at", java.time.Instant.EPOCH)));
    }
}

package dev.runway.functions.failing;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Always fails, with the reason it is given: shows what a failed run looks like (state message, stack trace in logs). */
@Component("failOnPurpose")
public class FailOnPurpose implements Function<FailOnPurpose.Parameters, FailOnPurpose.Never> {

    private static final Logger log = LoggerFactory.getLogger(FailOnPurpose.class);

    /** @param reason the failure's message; the deployment's default explains that the failure is intended */
    public record Parameters(String reason) {
    }

    /** What this flow would return if it ever succeeded. */
    public record Never() {
    }

    @Override
    public Never apply(Parameters parameters) {
        String reason = parameters.reason() == null || parameters.reason().isBlank()
                ? "failed on purpose" : parameters.reason();
        log.warn("About to fail: {}", reason);
        throw new IllegalStateException(reason);
    }
}

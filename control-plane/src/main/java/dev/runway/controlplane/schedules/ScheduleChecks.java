package dev.runway.controlplane.schedules;

import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.schedule.ScheduleId;
import dev.runway.model.schedule.ScheduleSpec;
import dev.runway.model.schedule.ScheduleValidator;
import dev.runway.model.schema.ParameterValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * What is wrong with a deployment's {@code schedules}, each fault under {@code schedules[i]}: the schedule itself
 * ({@link ScheduleValidator}), a schedule declared twice, and the parameters its runs would get, its own merged over
 * the deployment's, against the deployment's parameter schema. A schedule's runs have no caller to add a parameter, so
 * a required one must be there.
 */
@Component
public class ScheduleChecks {

    private final Parameters parameters;
    private final Clock clock;

    public ScheduleChecks(Parameters parameters, Clock clock) {
        this.parameters = parameters;
        this.clock = clock;
    }

    /**
     * @param parametersUsable whether the deployment's parameter schema and defaults are fine; when not, they are
     *                         reported as the deployment's, not again for each schedule
     */
    public List<FieldError> check(DeploymentSpec spec, boolean parametersUsable) {
        List<ScheduleSpec> schedules = spec.schedules();
        if (schedules == null || schedules.isEmpty()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        new ScheduleValidator(clock).validateAll(schedules)
                .forEach(error -> errors.add(new FieldError(error.field(), error.message())));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < schedules.size(); i++) {
            ScheduleSpec schedule = schedules.get(i);
            if (schedule == null) {
                continue;
            }
            String field = "schedules[" + i + "]";
            Integer same = seen.putIfAbsent(ScheduleId.of(schedule), i);
            if (same != null) {
                errors.add(new FieldError(field, "is schedules[" + same + "] again (the same times and parameters);"
                        + " declare each schedule once"));
            }
            if (schedule.parameters() != null) {
                Optional<FieldError> tooLarge = parameters.tooLarge(field + ".parameters", schedule.parameters());
                tooLarge.ifPresent(errors::add);
                if (tooLarge.isEmpty() && parametersUsable) {
                    errors.addAll(runParameters(spec, schedule.parameters(), field));
                }
            } else if (parametersUsable) {
                errors.addAll(runParameters(spec, null, field));
            }
        }
        return errors;
    }

    private static List<FieldError> runParameters(DeploymentSpec spec, ObjectNode own, String field) {
        ObjectNode schema = spec.parameterSchema();
        if (schema == null) {
            return List.of();
        }
        ObjectNode merged = spec.parameters() == null ? schema.objectNode() : spec.parameters().deepCopy();
        if (own != null) {
            merged.setAll(own);
        }
        return new ParameterValidator(schema).validate(merged).stream()
                .map(error -> error.under(field + ".parameters"))
                .map(error -> new FieldError(error.field(), error.message()))
                .toList();
    }
}

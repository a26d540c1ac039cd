package dev.runway.runner;

import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import dev.runway.model.schedule.ScheduleValidator;
import dev.runway.model.schema.ParameterValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns deployments.yaml into the {@link DeploymentSpec}s the control plane stores: each flow is looked up,
 * its parameter schema derived from its input type, and its default parameters and schedules checked.
 * An entry with any problem is left out and each of its problems reported; the other entries are described.
 */
final class DeploymentsDescriber {

    private final FlowCatalog flows;

    DeploymentsDescriber(FlowCatalog flows) {
        this.flows = flows;
    }

    DescribedDeployments describe(List<DeploymentsFile.Entry> entries) {
        List<DeploymentSpec> specs = new ArrayList<>();
        List<DeploymentProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (DeploymentsFile.Entry entry : entries) {
            if (!entry.problems().isEmpty()) {
                problems.addAll(entry.problems());
                continue;
            }
            List<DeploymentProblem> mistakes = check(entry, names);
            if (mistakes.isEmpty()) {
                describe(entry, mistakes).ifPresent(specs::add);
            }
            problems.addAll(mistakes);
        }
        return new DescribedDeployments(specs, problems, List.copyOf(flows.names()));
    }

    private Optional<DeploymentSpec> describe(DeploymentsFile.Entry entry, List<DeploymentProblem> mistakes) {
        DeploymentDeclaration declared = entry.declaration();
        Optional<FlowInvoker> flow = flows.find(declared.flow());
        if (flow.isEmpty()) {
            mistakes.add(entry.problem("flow", flows.notFound(declared.flow())));
            return Optional.empty();
        }
        ObjectNode schema;
        try {
            schema = flow.get().parameterSchema();
        } catch (ConfigurationException e) {
            mistakes.add(entry.problem("flow", e.getMessage()));
            return Optional.empty();
        }
        mistakes.addAll(defaultsProblems(entry, schema));
        return mistakes.isEmpty() ? Optional.of(declared.toSpec(schema)) : Optional.empty();
    }

    private static List<DeploymentProblem> check(DeploymentsFile.Entry entry, Set<String> names) {
        DeploymentDeclaration declared = entry.declaration();
        List<DeploymentProblem> mistakes = new ArrayList<>();
        if (declared.name() == null || declared.name().isBlank()) {
            mistakes.add(entry.problem("name", "is required"));
        } else if (!names.add(declared.name())) {
            mistakes.add(entry.problem("name", "another deployment has the same name"));
        }
        if (declared.flow() == null || declared.flow().isBlank()) {
            mistakes.add(entry.problem("flow", "is required: the name of the flow bean to run"));
        }
        if (declared.retries() != null && declared.retries() < 0) {
            mistakes.add(entry.problem("retries", "must not be negative"));
        }
        if (declared.retryDelaySeconds() != null && declared.retryDelaySeconds() < 0) {
            mistakes.add(entry.problem("retryDelaySeconds", "must not be negative"));
        }
        new ScheduleValidator(Clock.systemUTC()).validateAll(declared.schedules())
                .forEach(error -> mistakes.add(entry.problem(error.field(), error.message())));
        return mistakes;
    }

    private static List<DeploymentProblem> defaultsProblems(DeploymentsFile.Entry entry, ObjectNode schema) {
        ObjectNode defaults = entry.declaration().parameters();
        if (defaults == null) {
            return List.of();
        }
        // Required parameters may be left to each run, so only the defaults that are given are checked.
        ObjectNode optional = schema.deepCopy();
        optional.remove("required");
        return new ParameterValidator(optional).validate(defaults).stream()
                .map(error -> error.under("parameters"))
                .map(error -> entry.problem(error.field(), error.message()))
                .toList();
    }
}

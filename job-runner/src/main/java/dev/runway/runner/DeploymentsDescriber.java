package dev.runway.runner;

import dev.runway.model.DeploymentSpec;
import dev.runway.model.schema.ParameterValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns deployments.yaml into the {@link DeploymentSpec}s the control plane stores: each flow is looked up,
 * its parameter schema derived from its input type, and its default parameters checked against that schema.
 * Every problem in the file is reported at once.
 */
final class DeploymentsDescriber {

    private final FlowCatalog flows;

    DeploymentsDescriber(FlowCatalog flows) {
        this.flows = flows;
    }

    List<DeploymentSpec> describe(List<DeploymentsFile.Entry> entries) {
        List<DeploymentSpec> specs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (DeploymentsFile.Entry entry : entries) {
            DeploymentDeclaration declared = entry.declaration();
            String where = entry.where() + (declared.name() == null ? "" : ", deployment '" + declared.name() + "'");
            List<String> mistakes = check(declared, names);
            if (mistakes.isEmpty()) {
                try {
                    describe(declared, mistakes).ifPresent(specs::add);
                } catch (ConfigurationException e) {
                    mistakes.add(e.getMessage());
                }
            }
            mistakes.forEach(mistake -> problems.add(where + ": " + mistake));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(System.lineSeparator(), problems));
        }
        return specs;
    }

    private Optional<DeploymentSpec> describe(DeploymentDeclaration declared, List<String> mistakes) {
        Optional<FlowInvoker> flow = flows.find(declared.flow());
        if (flow.isEmpty()) {
            mistakes.add("no flow named '" + declared.flow() + "' in this runner; it has " + flows.names());
            return Optional.empty();
        }
        ObjectNode schema = flow.get().parameterSchema();
        mistakes.addAll(defaultsProblems(schema, declared.parameters()));
        return mistakes.isEmpty() ? Optional.of(declared.toSpec(schema)) : Optional.empty();
    }

    private static List<String> check(DeploymentDeclaration declared, Set<String> names) {
        List<String> mistakes = new ArrayList<>();
        if (declared.name() == null || declared.name().isBlank()) {
            mistakes.add("'name' is required");
        } else if (!names.add(declared.name())) {
            mistakes.add("another deployment has the same name");
        }
        if (declared.flow() == null || declared.flow().isBlank()) {
            mistakes.add("'flow' is required: the name of the flow bean to run");
        }
        if (declared.retries() != null && declared.retries() < 0) {
            mistakes.add("'retries' must not be negative");
        }
        if (declared.retryDelaySeconds() != null && declared.retryDelaySeconds() < 0) {
            mistakes.add("'retryDelaySeconds' must not be negative");
        }
        return mistakes;
    }

    private static List<String> defaultsProblems(ObjectNode schema, ObjectNode defaults) {
        if (defaults == null) {
            return List.of();
        }
        // Required parameters may be left to each run, so only the defaults that are given are checked.
        ObjectNode optional = schema.deepCopy();
        optional.remove("required");
        return new ParameterValidator(optional).validate(defaults).stream()
                .map(error -> error.under("parameters"))
                .map(error -> error.field() + ": " + error.message())
                .toList();
    }
}

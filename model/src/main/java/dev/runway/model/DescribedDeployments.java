package dev.runway.model;

import java.util.List;

/**
 * What {@code java -jar runway-runner.jar --describe} prints: the deployments its deployments.yaml
 * declares, each with the parameter schema derived from its flow's input type, and a problem for each entry that
 * could not be described, and the names of all the flows the runner carries (declared in deployments.yaml or
 * not). A reader that predates {@code problems} or {@code flows} ignores them; one that reads an older runner's
 * output sees none.
 */
public record DescribedDeployments(List<DeploymentSpec> deployments, List<DeploymentProblem> problems,
                                   List<String> flows) {

    public DescribedDeployments {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        problems = problems == null ? List.of() : List.copyOf(problems);
        flows = flows == null ? List.of() : List.copyOf(flows);
    }
}

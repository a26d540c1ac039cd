package dev.runway.model;

import java.util.List;

/**
 * What {@code java -jar runway-runner.jar --describe} prints: the deployments its deployments.yaml
 * declares, each with the parameter schema derived from its flow's input type, and a problem for each entry that
 * could not be described. A reader that predates {@code problems} ignores it; one that reads an older runner's
 * output sees none.
 */
public record DescribedDeployments(List<DeploymentSpec> deployments, List<DeploymentProblem> problems) {

    public DescribedDeployments {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}

package dev.runway.model;

import java.util.List;

/**
 * What {@code java -jar runway-runner.jar --describe} prints: the deployments its deployments.yaml
 * declares, each with the parameter schema derived from its flow's input type.
 */
public record DescribedDeployments(List<DeploymentSpec> deployments) {

    public DescribedDeployments {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }
}

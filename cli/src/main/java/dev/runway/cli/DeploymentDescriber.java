package dev.runway.cli;

import dev.runway.model.DescribedDeployments;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Learns the deployments a runner jar declares, with the parameter schemas derived from each flow's input type, and
 * the entries it could not describe.
 */
interface DeploymentDescriber {

    /** @param deploymentsFile a deployments.yaml to use instead of the one packaged in the jar */
    DescribedDeployments describe(Path runnerJar, Optional<Path> deploymentsFile);
}

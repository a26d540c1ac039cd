package dev.runway.cli;

import dev.runway.model.DeploymentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Learns the deployments a runner jar declares, with the parameter schemas derived from each flow's input type. */
interface DeploymentDescriber {

    /** @param deploymentsFile a deployments.yaml to use instead of the one packaged in the jar */
    List<DeploymentSpec> describe(Path runnerJar, Optional<Path> deploymentsFile);
}

package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * The answer to {@code PUT /api/deployments/{name}}: the deployment as stored, plus what the control plane
 * could not check and the user should know (e.g. no runner jar to look the flow up in).
 */
public record UpsertedDeployment(@JsonUnwrapped Deployment deployment, List<String> warnings) {

    public UpsertedDeployment {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}

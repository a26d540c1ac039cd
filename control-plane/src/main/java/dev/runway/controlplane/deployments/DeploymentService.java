package dev.runway.controlplane.deployments;

import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Validates deployment specs and keeps them, one per name. */
@Service
public class DeploymentService {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final String DEFAULT_WORK_POOL = "local";
    static final int DEFAULT_RETRY_DELAY_SECONDS = 10;

    private final DeploymentStore store;

    public DeploymentService(DeploymentStore store) {
        this.store = store;
    }

    public UpsertOutcome upsert(String name, DeploymentSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (spec.name() != null && !spec.name().equals(name)) {
            errors.add(new FieldError("name", "is '" + spec.name() + "' but the URL names '" + name + "'"));
        }
        if (spec.flowName() == null || spec.flowName().isBlank()) {
            errors.add(new FieldError("flowName", "is required"));
        }
        if (spec.retries() != null && spec.retries() < 0) {
            errors.add(new FieldError("retries", "must be 0 or more"));
        }
        if (spec.retryDelaySeconds() != null && spec.retryDelaySeconds() < 0) {
            errors.add(new FieldError("retryDelaySeconds", "must be 0 or more"));
        }
        var parameters = spec.parameters() == null ? Json.mapper().createObjectNode() : spec.parameters();
        var schema = spec.parameterSchema() == null ? Json.mapper().createObjectNode() : spec.parameterSchema();
        errors.addAll(Parameters.checkDefaults(schema, parameters));
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid deployment " + name, errors);
        }
        Deployment wanted = new Deployment(null, name, spec.flowName(), spec.description(), spec.version(), parameters,
                schema, spec.tags() == null ? List.of() : List.copyOf(spec.tags()),
                spec.workPool() == null ? DEFAULT_WORK_POOL : spec.workPool(),
                Boolean.TRUE.equals(spec.paused()), spec.retries() == null ? 0 : spec.retries(),
                spec.retryDelaySeconds() == null ? DEFAULT_RETRY_DELAY_SECONDS : spec.retryDelaySeconds(), null, null);
        return store.upsert(wanted);
    }

    public Deployment get(String name) {
        return store.findByName(name).orElseThrow(() -> new NotFoundException("no deployment named '" + name + "'"));
    }

    public List<Deployment> list() {
        return store.list();
    }
}

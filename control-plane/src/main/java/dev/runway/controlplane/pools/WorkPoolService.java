package dev.runway.controlplane.pools;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.FieldChecks;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.Page;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolSpec;
import dev.runway.model.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validates work pools and keeps them, one per name; a change that may free slots is announced. */
@Service
public class WorkPoolService {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final List<String> TYPES = List.of(WorkPoolSpec.PROCESS, WorkPoolSpec.CLOUD_RUN, WorkPoolSpec.PROCESS_WARM,
            WorkPoolSpec.CLOUD_RUN_WORKER_POOL);
    /** A concurrency limit that high is a mistake, not a policy. */
    public static final int MAX_CONCURRENCY_LIMIT = 100_000;
    /** A job template names infrastructure; it is not a place for data. */
    static final int MAX_TEMPLATE_BYTES = 64 * 1024;
    /** Longer than any registry host, repository path, tag and digest together. */
    static final int MAX_IMAGE_LENGTH = 1000;
    /** Image references are ASCII (registry, path, tag, digest); printable ones also fit in a header. */
    public static final Pattern IMAGE_REFERENCE = Pattern.compile("[\\x21-\\x7E]+");
    private static final String IMAGE_KEY = "image";

    private static final Logger log = LoggerFactory.getLogger(WorkPoolService.class);

    /** What setting a pool's concurrency limit did: the pool as it is now, and the limit it had (null: none). */
    public record LimitChange(WorkPool pool, Integer previous) {
    }

    /** What setting a pool's image did: the pool as it is now, and the image its template had (null: none). */
    public record ImageChange(WorkPool pool, String previous) {
    }

    private final WorkPoolStore store;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final RunwayProperties.LocalPool localPool;

    public WorkPoolService(WorkPoolStore store, ApplicationEventPublisher events, TransactionTemplate tx,
                           RunwayProperties properties) {
        this.store = store;
        this.events = events;
        this.tx = tx;
        this.localPool = properties.localPool();
    }

    /** Creates the default pool {@code local} unless it exists; an existing one keeps the settings it was given. */
    public void createDefaultPool() {
        var created = store.insert(DeploymentSpec.DEFAULT_WORK_POOL, new WorkPoolSpec(WorkPoolSpec.PROCESS,
                Json.mapper().createObjectNode(), localPool.concurrencyLimitOrDefault(), false));
        created.ifPresent(pool -> log.info("created work pool {} (process) with a concurrency limit of {}",
                pool.name(), pool.concurrencyLimit()));
    }

    public WorkPoolStore.Upserted upsert(String name, WorkPoolSpec spec) {
        FieldChecks checks = new FieldChecks();
        if (!NAME.matcher(name).matches()) {
            checks.add("name", "must be 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (spec.type() == null) {
            checks.add("type", "is required: one of " + String.join(", ", TYPES));
        } else if (!TYPES.contains(spec.type())) {
            checks.add("type", "must be one of " + String.join(", ", TYPES));
        }
        checks.range("concurrencyLimit", spec.concurrencyLimit(), 1, MAX_CONCURRENCY_LIMIT);
        if (spec.baseJobTemplate() != null) {
            int bytes = Json.mapper().writeValueAsBytes(spec.baseJobTemplate()).length;
            if (bytes > MAX_TEMPLATE_BYTES) {
                checks.add("baseJobTemplate", "is " + bytes + " bytes of JSON; at most " + MAX_TEMPLATE_BYTES
                        + " are allowed");
            } else if (WorkPoolSpec.PROCESS.equals(spec.type())) {
                checks.addAll(ProcessTemplate.problems("baseJobTemplate", spec.baseJobTemplate()));
            } else if (WorkPoolSpec.PROCESS_WARM.equals(spec.type())) {
                checks.addAll(ProcessTemplate.warmProblems("baseJobTemplate", spec.baseJobTemplate()));
            }
        }
        checks.orThrow(NAME.matcher(name).matches() ? "invalid work pool " + name : "invalid work pool");
        WorkPoolStore.Upserted upserted = store.upsert(name, new WorkPoolSpec(spec.type(),
                spec.baseJobTemplate() == null ? Json.mapper().createObjectNode() : spec.baseJobTemplate(),
                spec.concurrencyLimit(), Boolean.TRUE.equals(spec.paused())));
        if (upserted.change() != UpsertOutcome.Change.UNCHANGED) {
            events.publishEvent(new WorkPoolChanged(name));
        }
        return upserted;
    }

    public WorkPool get(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    public Optional<WorkPool> find(String name) {
        return store.find(name);
    }

    public List<String> names() {
        return store.names();
    }

    public Page<WorkPool> list(int offset, int limit) {
        return store.list(offset, limit);
    }

    public WorkPool setPaused(String name, boolean paused) {
        if (!store.setPaused(name, paused)) {
            throw notFound(name);
        }
        events.publishEvent(new WorkPoolChanged(name));
        return get(name);
    }

    /**
     * Sets the pool's concurrency limit (null: none) and nothing else, so a pause, a resume or a new template saved
     * meanwhile is kept; the previous limit is read under the same row lock, so it is the one replaced.
     */
    public LimitChange setConcurrencyLimit(String name, Integer limit) {
        new FieldChecks().range("concurrencyLimit", limit, 1, MAX_CONCURRENCY_LIMIT)
                .orThrow("invalid concurrency limit for work pool " + name);
        Integer previous = tx.execute(status -> {
            WorkPoolStore.Gate before = store.lock(name).orElseThrow(() -> notFound(name));
            store.setConcurrencyLimit(name, limit);
            return before.concurrencyLimit();
        });
        if (!Objects.equals(previous, limit)) {
            events.publishEvent(new WorkPoolChanged(name));
        }
        return new LimitChange(get(name), previous);
    }

    /**
     * Sets the {@code image} of the pool's base job template and nothing else, under the pool's row lock, so a pause,
     * a limit or another template key changed meanwhile is kept. A {@code process} pool runs the runner jar on this
     * machine: it has no image to set.
     */
    public ImageChange setImage(String name, String image) {
        FieldChecks checks = new FieldChecks().text("image", image, MAX_IMAGE_LENGTH);
        if (image == null || image.isBlank()) {
            checks.add("image", "is required: a container image such as europe-docker.pkg.dev/acme/runway/runner:3f2c1ab");
        } else if (image.length() <= MAX_IMAGE_LENGTH && !IMAGE_REFERENCE.matcher(image).matches()) {
            checks.add("image", "must be printable ASCII without spaces, as image references are");
        }
        checks.orThrow("invalid image for work pool " + name);
        String previous = tx.execute(status -> {
            store.lock(name).orElseThrow(() -> notFound(name));
            WorkPool pool = get(name);
            if (WorkPoolSpec.runsLocally(pool.type())) {
                throw new ConflictException("work pool '" + name + "' is of type " + pool.type() + ": its runs start"
                        + " the runner jar on the control plane's machine, not an image");
            }
            JsonNode had = pool.baseJobTemplate().get(IMAGE_KEY);
            ObjectNode template = pool.baseJobTemplate().deepCopy();
            template.put(IMAGE_KEY, image);
            store.setBaseJobTemplate(name, template);
            return had != null && had.isString() ? had.asString() : null;
        });
        return new ImageChange(get(name), previous);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no work pool named '" + name + "'");
    }
}

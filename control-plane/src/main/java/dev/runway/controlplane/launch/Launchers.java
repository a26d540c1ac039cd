package dev.runway.controlplane.launch;

import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The launchers this control plane has, one per work pool type; a pool's runs go to the launcher of its type. */
@Component
public class Launchers {

    private final Map<String, Launcher> byPoolType;

    public Launchers(List<Launcher> launchers) {
        this.byPoolType = launchers.stream().collect(Collectors.toUnmodifiableMap(Launcher::poolType, Function.identity()));
    }

    /** @throws IllegalStateException naming what to configure when no launcher serves the pool's type */
    public Launcher forPool(WorkPool pool) {
        Launcher launcher = byPoolType.get(pool.type());
        if (launcher == null) {
            throw new IllegalStateException("work pool '" + pool.name() + "' is of type " + pool.type()
                    + ", and this control plane has no launcher for that type"
                    + (pool.type().startsWith(WorkPoolSpec.CLOUD_RUN) ? " (set runway.cloud-run.enabled=true and runway.cloud-run.*)" : ""));
        }
        return launcher;
    }

    /** Stops what {@code infrastructureId} names, through the launcher that started it. */
    public void stop(String infrastructureId) {
        if (infrastructureId == null) {
            return;
        }
        byPoolType.values().stream().filter(launcher -> launcher.owns(infrastructureId))
                .forEach(launcher -> launcher.stop(infrastructureId));
    }
}

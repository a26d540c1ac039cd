package dev.runway.controlplane.launch;

import dev.runway.model.WorkPoolSpec;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Starts nothing: serves pools of every type by answering what {@code start} makes of each request. */
public final class FakeLauncher implements Launcher {

    private final String poolType;
    private final BiFunction<LaunchRequest, ExitListener, String> start;

    private FakeLauncher(String poolType, BiFunction<LaunchRequest, ExitListener, String> start) {
        this.poolType = poolType;
        this.start = start;
    }

    /** @param start answers the infrastructure id (start it with {@code fake:}), or throws as a launcher would */
    public static Launchers launchers(Function<LaunchRequest, String> start) {
        return launchers((request, onExit) -> start.apply(request));
    }

    /** As {@link #launchers(Function)}, for a test that tells the launch handler when the infrastructure ended. */
    public static Launchers launchers(BiFunction<LaunchRequest, ExitListener, String> start) {
        return new Launchers(List.of(new FakeLauncher(WorkPoolSpec.PROCESS, start),
                new FakeLauncher(WorkPoolSpec.CLOUD_RUN, start)));
    }

    @Override
    public String poolType() {
        return poolType;
    }

    @Override
    public String launch(LaunchRequest request, ExitListener onExit) {
        return start.apply(request, onExit);
    }

    @Override
    public boolean owns(String infrastructureId) {
        return infrastructureId.startsWith("fake:");
    }

    @Override
    public void stop(String infrastructureId) {
    }
}

package dev.runway.controlplane.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link RunwayProperties} for tests that build the control plane's parts by hand, bound as the application binds
 * them: every default, then the settings a test names ({@code runway.logs.max-lines-per-run} → {@code 5}).
 */
public final class RunwaySettings {

    private RunwaySettings() {
    }

    public static RunwayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("runway", RunwayProperties.class);
    }

    /** {@link ScheduleSettings}: every default, then the {@code runway.schedules.*} settings a test names. */
    public static ScheduleSettings schedules(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("runway.schedules",
                ScheduleSettings.class);
    }

    /** As {@link #bind(Map)}, with {@code runway.home} set to {@code home}. */
    public static RunwayProperties bind(Path home, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("runway.home", home.toString());
        return bind(all);
    }
}

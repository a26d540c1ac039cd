package dev.runway.controlplane.schedules;

import dev.runway.controlplane.config.ScheduleSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code runway.schedules.*}. */
@Configuration
@EnableConfigurationProperties(ScheduleSettings.class)
class ScheduleConfiguration {
}

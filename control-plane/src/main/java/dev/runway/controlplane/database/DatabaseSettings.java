package dev.runway.controlplane.database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Which database the control plane uses, decided once its settings are read and before anything is built from them:
 * Cloud SQL when {@code runway.cloud-sql.instance} is set, else whatever {@code spring.datasource.*} says, else the
 * embedded H2 file in {@code runway.home}. The choice is written as {@code spring.datasource.*} settings of the
 * lowest precedence, so Spring Boot builds the one connection pool as usual and Flyway migrates whichever it is.
 */
public class DatabaseSettings implements EnvironmentPostProcessor {

    static final String SOURCE = "runway-database";

    /** The embedded default; its folder is made private before the pool opens it (home.RunwayHome). */
    static final Map<String, Object> EMBEDDED = Map.of(
            "spring.datasource.url", "jdbc:h2:file:${runway.home}/db/runway;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
            "spring.datasource.username", "sa",
            "spring.datasource.password", "");

    private static final List<String> DATASOURCE_SETTINGS = List.of("spring.datasource.url",
            "spring.datasource.username", "spring.datasource.password", "spring.datasource.driver-class-name");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // an environment prepared twice (a parent context) is judged on what the user set, not on our own answer
        environment.getPropertySources().remove(SOURCE);
        CloudSqlProperties cloudSql = Binder.get(environment).bindOrCreate("runway.cloud-sql", CloudSqlProperties.class);
        Map<String, Object> settings = cloudSql.enabled() ? cloudSql(cloudSql, environment) : EMBEDDED;
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, settings));
    }

    private static Map<String, Object> cloudSql(CloudSqlProperties cloudSql, ConfigurableEnvironment environment) {
        for (String setting : DATASOURCE_SETTINGS) {
            if (environment.containsProperty(setting)) {
                throw new IllegalStateException("runway.cloud-sql.instance and " + setting + " are both set: the"
                        + " Cloud SQL settings (runway.cloud-sql.*) make the connection; remove " + setting
                        + " or runway.cloud-sql.instance");
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", cloudSql.jdbcUrl());
        settings.put("spring.datasource.username", cloudSql.user());
        settings.put("spring.datasource.password", cloudSql.driverPassword());
        return settings;
    }
}

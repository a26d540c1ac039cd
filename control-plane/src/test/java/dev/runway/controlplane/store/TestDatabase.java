package dev.runway.controlplane.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A freshly migrated database for one test class: H2 in PostgreSQL mode, or a private schema in
 * the PostgreSQL named by {@code RUNWAY_TEST_POSTGRES_URL} (default 127.0.0.1:5432/test, user postgres).
 * Without a reachable PostgreSQL the PostgreSQL tests are skipped — except with {@code CI=true},
 * where they fail.
 */
public record TestDatabase(DataSource dataSource, String schema, String url) {

    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        return migrate(new DriverManagerDataSource(url, "sa", ""), null, url);
    }

    public static TestDatabase postgres() {
        String base = env("RUNWAY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = env("RUNWAY_TEST_POSTGRES_USER", "postgres");
        String password = env("RUNWAY_TEST_POSTGRES_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(base, user, password)) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but PostgreSQL at " + base + " is unreachable: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL at " + base + " is unreachable (" + e.getMessage() + ")");
        }
        String schema = "rw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return migrate(new DriverManagerDataSource(url, user, password), schema, url);
    }

    private static TestDatabase migrate(DataSource dataSource, String schema, String url) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
        return new TestDatabase(dataSource, schema, url);
    }

    /** Drops the PostgreSQL schema; an H2 memory database goes with the JVM. */
    public void drop() {
        if (schema == null) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("drop schema " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package dev.runway.controlplane.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import javax.net.SocketFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * runway.cloud-sql.* turns into the socket factory's JDBC settings, is checked before anything starts, and never
 * shares the start with spring.datasource.url. Nothing here opens a connection: no test reaches Google.
 */
class DatabaseSettingsTest {

    private static final String INSTANCE = "my-project:europe-west1:runway-db";

    @Test
    void anInstanceWithAPasswordConnectsThroughTheSocketFactoryOverThePrivateIp() {
        Environment environment = prepared(Map.of("runway.cloud-sql.instance", INSTANCE,
                "runway.cloud-sql.user", "runway", "runway.cloud-sql.password", "s3cret"));

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql:///runway"
                + "?cloudSqlInstance=my-project:europe-west1:runway-db"
                + "&socketFactory=com.google.cloud.sql.postgres.SocketFactory&ipTypes=PRIVATE&sslmode=disable");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("runway");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("s3cret");
    }

    @Test
    void iamAuthenticationNeedsNoPasswordAndIpTypesKeepTheirOrder() {
        Environment environment = prepared(Map.of("runway.cloud-sql.instance", "example.com:my-project:us-central1:db1",
                "runway.cloud-sql.database", "flows", "runway.cloud-sql.user", "runway@my-project.iam",
                "runway.cloud-sql.iam-auth", "true", "runway.cloud-sql.ip-types", "public,private"));

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql:///flows"
                + "?cloudSqlInstance=example.com:my-project:us-central1:db1"
                + "&socketFactory=com.google.cloud.sql.postgres.SocketFactory&ipTypes=PUBLIC,PRIVATE"
                + "&enableIamAuth=true&sslmode=disable");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("runway@my-project.iam");
        assertThat(environment.getProperty("spring.datasource.password"))
                .as("the socket factory's documentation asks for a non-empty password even with IAM").isNotEmpty();
    }

    @Test
    void withoutAnInstanceTheEmbeddedDatabaseIsTheDefaultAndSpringDatasourceUrlWins() {
        Environment embedded = prepared(Map.of("runway.home", "/srv/runway"));
        Environment postgres = prepared(Map.of("spring.datasource.url", "jdbc:postgresql://db:5432/runway"));

        assertThat(embedded.getProperty("spring.datasource.url")).isEqualTo("jdbc:h2:file:/srv/runway/db/runway;"
                + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        assertThat(embedded.getProperty("spring.datasource.username")).isEqualTo("sa");
        assertThat(postgres.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/runway");
    }

    @Test
    void settingBothTheInstanceAndSpringDatasourceUrlStopsTheStartNamingBoth() {
        assertThatThrownBy(() -> prepared(Map.of("runway.cloud-sql.instance", INSTANCE, "runway.cloud-sql.user", "u",
                "runway.cloud-sql.password", "p", "spring.datasource.url", "jdbc:postgresql://db/runway")))
                .hasMessageStartingWith("runway.cloud-sql.instance and spring.datasource.url are both set");
        assertThatThrownBy(() -> prepared(Map.of("runway.cloud-sql.instance", INSTANCE, "runway.cloud-sql.user", "u",
                "runway.cloud-sql.password", "p", "spring.datasource.password", "other")))
                .hasMessageStartingWith("runway.cloud-sql.instance and spring.datasource.password are both set");
    }

    @Test
    void environmentVariablesAreReadAsTheREADMEWritesThem() {
        StandardEnvironment environment = new StandardEnvironment();
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        environment.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, Map.of(
                "RUNWAY_CLOUDSQL_INSTANCE", INSTANCE, "RUNWAY_CLOUDSQL_USER", "runway@my-project.iam",
                "RUNWAY_CLOUDSQL_IAMAUTH", "true", "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/runway")));

        assertThatThrownBy(() -> new DatabaseSettings().postProcessEnvironment(environment, null))
                .hasMessageStartingWith("runway.cloud-sql.instance and spring.datasource.url are both set");
    }

    @Test
    void wrongSettingsStopTheStartNamingEachOne() {
        assertThat(problem(Map.of("runway.cloud-sql.instance", "runway-db", "runway.cloud-sql.user", "u",
                "runway.cloud-sql.password", "p")))
                .isEqualTo("runway.cloud-sql.instance 'runway-db' is not an instance connection name:"
                        + " expected project:region:instance, e.g. my-project:europe-west1:runway");
        assertThat(problem(Map.of("runway.cloud-sql.instance", INSTANCE, "runway.cloud-sql.user", "u")))
                .isEqualTo("runway.cloud-sql.password is required unless runway.cloud-sql.iam-auth=true");
        assertThat(problem(Map.of("runway.cloud-sql.instance", INSTANCE, "runway.cloud-sql.user", "u",
                "runway.cloud-sql.password", "p", "runway.cloud-sql.iam-auth", "true")))
                .isEqualTo("runway.cloud-sql.password must not be set with runway.cloud-sql.iam-auth=true:"
                        + " IAM database authentication logs in without one");
        assertThat(problem(Map.of("runway.cloud-sql.instance", INSTANCE, "runway.cloud-sql.iam-auth", "true",
                "runway.cloud-sql.database", "my db")))
                .isEqualTo("runway.cloud-sql.database 'my db' must be 1 to 63 letters, digits, _, $ or -, starting"
                        + " with a letter or _; runway.cloud-sql.user is required (the IAM user, e.g."
                        + " runway@my-project.iam)");
        assertThat(problem(Map.of("runway.cloud-sql.user", "u", "runway.cloud-sql.password", "p")))
                .isEqualTo("runway.cloud-sql.instance is required when other runway.cloud-sql settings are given");
        assertThatThrownBy(() -> prepared(Map.of("runway.cloud-sql.instance", INSTANCE, "runway.cloud-sql.user", "u",
                "runway.cloud-sql.password", "p", "runway.cloud-sql.ip-types", "PRIVTE")))
                .hasMessageContaining("runway.cloud-sql.ip-types");
    }

    @Test
    void theApplicationsConnectionPoolUsesTheSocketFactoryAndOpensNothingUntilAsked() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(JustTheDataSource.class)
                .web(WebApplicationType.NONE)
                .run("--runway.cloud-sql.instance=" + INSTANCE, "--runway.cloud-sql.user=runway",
                        "--runway.cloud-sql.password=s3cret")) {
            HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);

            assertThat(pool.getJdbcUrl()).startsWith("jdbc:postgresql:///runway?cloudSqlInstance=" + INSTANCE
                    + "&socketFactory=" + CloudSqlProperties.SOCKET_FACTORY + "&");
            assertThat(pool.getUsername()).isEqualTo("runway");
            assertThat(pool.getDriverClassName()).isEqualTo("org.postgresql.Driver");
            assertThat(pool.isRunning()).as("no connection is opened before the first use").isFalse();
        }
        assertThat(SocketFactory.class.isAssignableFrom(Class.forName(CloudSqlProperties.SOCKET_FACTORY)))
                .as("the socket factory the URL names is on the control plane's class path").isTrue();
    }

    @Test
    void theConflictStopsTheApplicationsStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(JustTheDataSource.class).web(WebApplicationType.NONE)
                .run("--runway.cloud-sql.instance=" + INSTANCE, "--runway.cloud-sql.iam-auth=true",
                        "--runway.cloud-sql.user=runway@my-project.iam", "--spring.datasource.url=jdbc:h2:mem:x")
                .close())
                .hasMessageStartingWith("runway.cloud-sql.instance and spring.datasource.url are both set");
    }

    private static StandardEnvironment prepared(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new DatabaseSettings().postProcessEnvironment(environment, null);
        return environment;
    }

    /** The reason the binding gives, as the start's failure report shows it. */
    private static String problem(Map<String, Object> settings) {
        return assertThatThrownBy(() -> prepared(settings)).rootCause().actual().getMessage();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DataSourceAutoConfiguration.class)
    static class JustTheDataSource {
    }
}

package dev.runway.controlplane.database;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cloud SQL for PostgreSQL through Google's JDBC socket factory ({@code runway.cloud-sql.*}), bound and checked by
 * {@link DatabaseSettings} before the application starts, since the {@code spring.datasource.*} settings derive from
 * it. Setting {@code instance} makes Cloud SQL the control plane's database; Flyway migrates it as any other.
 *
 * @param instance the instance connection name, {@code project:region:instance} (a domain-scoped project keeps its
 *                 own prefix: {@code example.com:project:region:instance}); empty: no Cloud SQL
 * @param database the database in the instance
 * @param user     the database user; with {@code iamAuth}, the IAM user: a service account's email without
 *                 {@code .gserviceaccount.com} ({@code runway@my-project.iam})
 * @param password the user's password: required without {@code iamAuth}, refused with it
 * @param ipTypes  which of the instance's addresses to connect to, in order of preference: {@code PRIVATE} (the VPC
 *                 the control plane runs in), {@code PUBLIC}, {@code PSC} (Private Service Connect)
 * @param iamAuth  log in as the IAM identity of the application default credentials instead of with a password
 */
public record CloudSqlProperties(String instance, @DefaultValue("runway") String database, String user,
                                 String password, @DefaultValue("PRIVATE") List<IpType> ipTypes,
                                 @DefaultValue("false") boolean iamAuth) {

    /** The socket factory's {@code ipTypes}. */
    public enum IpType {
        PRIVATE, PUBLIC, PSC
    }

    static final String SOCKET_FACTORY = "com.google.cloud.sql.postgres.SocketFactory";

    private static final Pattern INSTANCE = Pattern.compile(
            "(?:[a-z0-9][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]{0,97}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

    public CloudSqlProperties {
        ipTypes = ipTypes == null ? List.of() : List.copyOf(ipTypes);
        List<String> problems = new ArrayList<>();
        if (blank(instance)) {
            if (!blank(user) || !blank(password) || iamAuth) {
                problems.add("runway.cloud-sql.instance is required when other runway.cloud-sql settings are given");
            }
        } else {
            if (!INSTANCE.matcher(instance).matches()) {
                problems.add("runway.cloud-sql.instance '" + instance + "' is not an instance connection name:"
                        + " expected project:region:instance, e.g. my-project:europe-west1:runway");
            }
            if (database == null || !DATABASE.matcher(database).matches()) {
                problems.add("runway.cloud-sql.database '" + database + "' must be 1 to 63 letters, digits, _, $"
                        + " or -, starting with a letter or _");
            }
            if (blank(user)) {
                problems.add("runway.cloud-sql.user is required"
                        + (iamAuth ? " (the IAM user, e.g. runway@my-project.iam)" : ""));
            }
            if (iamAuth && !blank(password)) {
                problems.add("runway.cloud-sql.password must not be set with runway.cloud-sql.iam-auth=true:"
                        + " IAM database authentication logs in without one");
            }
            if (!iamAuth && blank(password)) {
                problems.add("runway.cloud-sql.password is required unless runway.cloud-sql.iam-auth=true");
            }
            if (ipTypes.isEmpty()) {
                problems.add("runway.cloud-sql.ip-types must name at least one of PRIVATE, PUBLIC, PSC");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public boolean enabled() {
        return !blank(instance);
    }

    /** The URL the PostgreSQL driver connects with: no host, the socket factory finds the instance. */
    public String jdbcUrl() {
        // the socket factory wraps the connection in its own mTLS to the instance: the driver's TLS stays off,
        // as the socket factory's documentation sets it
        return "jdbc:postgresql:///" + database
                + "?cloudSqlInstance=" + instance
                + "&socketFactory=" + SOCKET_FACTORY
                + "&ipTypes=" + ipTypes.stream().map(IpType::name).collect(Collectors.joining(","))
                + (iamAuth ? "&enableIamAuth=true" : "")
                + "&sslmode=disable";
    }

    /**
     * The password the driver sends. With IAM authentication the socket factory logs in with a token and the
     * password goes unused, but the socket factory's documentation requires a non-empty one for the driver's own
     * checks.
     */
    public String driverPassword() {
        return iamAuth ? "unused-with-iam-auth" : password;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

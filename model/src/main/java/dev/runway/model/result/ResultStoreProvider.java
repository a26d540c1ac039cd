package dev.runway.model.result;

import java.net.URI;

/**
 * Opens the result stores of one URI scheme. Found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.runway.model.result.ResultStoreProvider}), so a store joins by being on the class path
 * and nothing branches on which one is used. Implementations keep their construction cheap and load their
 * libraries only in {@link #open}: every runner finds all providers at start.
 */
public interface ResultStoreProvider {

    /** The URI scheme this provider answers, e.g. {@code file}. */
    String scheme();

    /** What a store URI of this scheme looks like, for error messages, e.g. {@code file:///absolute/folder/}. */
    String form();

    /**
     * The store at {@code location}, whose scheme is {@link #scheme()}.
     *
     * @throws IllegalArgumentException when the URI is not a valid store of this scheme, saying why
     */
    ResultStore open(URI location);
}

package dev.runway.model.result;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens the result store a URI names, with the {@link ResultStoreProvider} of its scheme found on the class path. */
public final class ResultStores {

    private ResultStores() {
    }

    /**
     * @throws IllegalArgumentException when no provider on the class path answers the URI's scheme (naming the
     *                                  schemes there are), or the provider refuses the URI
     */
    public static ResultStore open(URI location) {
        List<ResultStoreProvider> providers = providers();
        String scheme = location.getScheme();
        for (ResultStoreProvider provider : providers) {
            if (provider.scheme().equalsIgnoreCase(scheme)) {
                return provider.open(location);
            }
        }
        throw new IllegalArgumentException("no result store answers " + location + "; supported: "
                + providers.stream().map(ResultStoreProvider::form).collect(Collectors.joining(", ")));
    }

    private static List<ResultStoreProvider> providers() {
        return ServiceLoader.load(ResultStoreProvider.class, ResultStores.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}

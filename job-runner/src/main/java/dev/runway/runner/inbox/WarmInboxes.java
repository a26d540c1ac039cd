package dev.runway.runner.inbox;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens the inbox that {@code RUNWAY_WARM_INBOX} names, with the {@link WarmInboxProvider} of its scheme. */
public final class WarmInboxes {

    private WarmInboxes() {
    }

    /**
     * @throws IllegalArgumentException when no provider on the class path answers the scheme (naming the forms there
     *                                  are), or the provider refuses the location
     */
    public static WarmInbox open(String location, Map<String, String> environment) {
        List<WarmInboxProvider> providers = ServiceLoader.load(WarmInboxProvider.class, WarmInboxes.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        int colon = location.indexOf(':');
        String scheme = colon < 0 ? location : location.substring(0, colon);
        for (WarmInboxProvider provider : providers) {
            if (provider.scheme().equalsIgnoreCase(scheme)) {
                return provider.open(location, environment);
            }
        }
        throw new IllegalArgumentException("no inbox answers '" + location + "'; supported: "
                + providers.stream().map(WarmInboxProvider::form).collect(Collectors.joining(", ")));
    }
}

package dev.runway.gcs;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code gs://bucket/prefix} store URI, checked. The prefix is plain path segments (letters, digits and
 * {@code -._~}, no {@code .} or {@code ..}) so that a reference means one object and nothing needs decoding.
 *
 * @param endpoint the {@code endpoint} query parameter: another Cloud Storage endpoint (an emulator, a private one)
 */
record GcsLocation(String bucket, String prefix, Optional<URI> endpoint) {

    static final String FORM = "gs://bucket/prefix[?endpoint=http://host:port]";

    // Bucket naming rules, without the dotted-name and IP-address details GCS checks itself.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    static GcsLocation parse(URI location) {
        String bucket = location.getRawAuthority();
        if (!"gs".equalsIgnoreCase(location.getScheme()) || bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw invalid(location, "it names no bucket");
        }
        if (location.getRawFragment() != null) {
            throw invalid(location, "it has a fragment");
        }
        String path = location.getRawPath() == null ? "" : location.getRawPath();
        String prefix = path.replaceAll("^/+|/+$", "");
        for (String segment : prefix.split("/", -1)) {
            if (!prefix.isEmpty() && (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals(".."))) {
                throw invalid(location, "its prefix may hold only letters, digits and -._~ between single slashes,"
                        + " and no . or .. segments");
            }
        }
        return new GcsLocation(bucket, prefix, endpoint(location));
    }

    private static Optional<URI> endpoint(URI location) {
        String query = location.getQuery();
        if (query == null) {
            return Optional.empty();
        }
        if (!query.startsWith("endpoint=") || query.contains("&")) {
            throw invalid(location, "the only query parameter is endpoint=http(s)://host:port");
        }
        URI endpoint;
        try {
            endpoint = URI.create(query.substring("endpoint=".length()));
        } catch (IllegalArgumentException e) {
            throw invalid(location, "its endpoint is not a URL");
        }
        if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
            throw invalid(location, "its endpoint is not an http(s) URL");
        }
        return Optional.of(endpoint);
    }

    private static IllegalArgumentException invalid(URI location, String why) {
        return new IllegalArgumentException("a GCS result store is " + FORM + ", not " + location + ": " + why);
    }
}

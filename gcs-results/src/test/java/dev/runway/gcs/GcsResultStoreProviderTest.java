package dev.runway.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.runway.model.result.LocalFolderResultStore;
import dev.runway.model.result.ResultStores;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsResultStoreProviderTest {

    @TempDir
    Path folder;

    @Test
    void theServiceLoaderFindsTheStoreOfEachScheme() {
        assertThat(ResultStores.open(URI.create("gs://runway-results/prod?endpoint=http://127.0.0.1:4443")))
                .isInstanceOf(GcsResultStore.class);
        assertThat(ResultStores.open(folder.toUri())).isInstanceOf(LocalFolderResultStore.class);
    }

    @Test
    void anUnknownSchemeNamesBothStores() {
        assertThatThrownBy(() -> ResultStores.open(URI.create("s3://bucket/results")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no result store answers s3://bucket/results; supported: ")
                .hasMessageContaining("file:///absolute/folder/")
                .hasMessageContaining("gs://bucket/prefix[?endpoint=http://host:port]");
    }

    @Test
    void takesBucketPrefixAndEndpointFromTheUri() {
        GcsLocation location = GcsLocation.parse(URI.create("gs://runway-results/prod/results/?endpoint=http://127.0.0.1:4443"));

        assertThat(location).isEqualTo(new GcsLocation("runway-results", "prod/results",
                Optional.of(URI.create("http://127.0.0.1:4443"))));
        assertThat(GcsLocation.parse(URI.create("gs://runway-results"))).isEqualTo(
                new GcsLocation("runway-results", "", Optional.empty()));
    }

    @Test
    void refusesAUriThatIsNotABucketAndPlainPrefix() {
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs:///results")))
                .hasMessage("a GCS result store is gs://bucket/prefix[?endpoint=http://host:port], not gs:///results:"
                        + " it names no bucket");
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs://Bucket/results"))).hasMessageEndingWith("it names no bucket");
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs://bucket/a/../b")))
                .hasMessageContaining("no . or .. segments");
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs://bucket/a//b")))
                .hasMessageContaining("between single slashes");
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs://bucket/a%2Fb"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs://bucket/a?region=eu")))
                .hasMessageEndingWith("the only query parameter is endpoint=http(s)://host:port");
        assertThatThrownBy(() -> ResultStores.open(URI.create("gs://bucket/a?endpoint=ftp://host")))
                .hasMessageEndingWith("its endpoint is not an http(s) URL");
    }

    @Test
    void anEmulatorGetsNoCredentialsAndAnHttpsEndpointGetsApplicationDefaultCredentials() {
        StorageOptions byUri = GcsClients.storage(Optional.of(URI.create("http://127.0.0.1:4443")), Optional.empty());
        StorageOptions byEnvironment = GcsClients.storage(Optional.empty(), Optional.of("localhost:9023"));

        assertThat(byUri.getHost()).isEqualTo("http://127.0.0.1:4443");
        assertThat(byUri.getCredentials()).isSameAs(NoCredentials.getInstance());
        assertThat(byEnvironment.getHost()).isEqualTo("http://localhost:9023");
        assertThat(byEnvironment.getCredentials()).isSameAs(NoCredentials.getInstance());
        assertThat(GcsClients.storage(Optional.of(URI.create("https://storage.example.internal")), Optional.of("localhost:9023"))
                .getHost()).as("the URI's endpoint wins over the environment").isEqualTo("https://storage.example.internal");
    }
}

package dev.runway.model.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.result.ResultKey.FlowRunResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoresTest {

    @TempDir
    Path folder;

    @Test
    void opensAFolderForAFileUri() {
        ResultStore store = ResultStores.open(folder.toUri());

        UUID run = UUID.randomUUID();
        String ref = store.write(new FlowRunResult(run, 1), out -> out.write('1'));

        assertThat(store).isInstanceOf(LocalFolderResultStore.class);
        assertThat(Path.of(URI.create(ref))).isEqualTo(folder.resolve(run + "/1.json"));
    }

    @Test
    void namesTheSupportedStoresForAnUnknownScheme() {
        assertThatThrownBy(() -> ResultStores.open(URI.create("s3://bucket/results")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no result store answers s3://bucket/results; supported: file:///absolute/folder/");
    }

    @Test
    void refusesAFileUriThatIsNotAnAbsoluteFolder() {
        assertThatThrownBy(() -> ResultStores.open(URI.create("file://host/results")))
                .hasMessage("a local result store is a folder as file:///absolute/folder/, not file://host/results");
        assertThatThrownBy(() -> ResultStores.open(URI.create("file:results")))
                .hasMessageContaining("not file:results");
    }
}

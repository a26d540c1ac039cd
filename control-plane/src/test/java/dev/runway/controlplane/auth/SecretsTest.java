package dev.runway.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path folder;

    @Test
    void aNewSecretIsTheOwnersAloneInAFolderThatIsTooAndIsReadBackAsItIs() throws IOException {
        Path file = folder.resolve(".runway/api-key");

        String secret = Secrets.readOrCreate(file, "rwk_");

        assertThat(secret).startsWith("rwk_").hasSizeGreaterThan(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
        assertThat(Secrets.readOrCreate(file, "rwk_")).isEqualTo(secret);
    }

    @Test
    void aSecretIsNeverWrittenThroughAFileSomeoneElsePutNextToIt() throws IOException {
        Path home = Files.createDirectories(folder.resolve(".runway"));
        Path theirs = Files.createFile(folder.resolve("readable-by-all"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(home.resolve("api-key.partial"), theirs);

        String secret = Secrets.readOrCreate(home.resolve("api-key"), "rwk_");

        assertThat(Files.readString(theirs)).doesNotContain(secret).isEmpty();
        assertThat(home.resolve("api-key")).isRegularFile().content().contains(secret);
        assertThat(Files.isSymbolicLink(home.resolve("api-key"))).isFalse();
    }
}

package dev.runway.controlplane.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs under the build's umask (typically 022, which would leave new files readable by all). */
class PrivateFilesTest {

    @TempDir
    Path folder;

    @Test
    void aNewFileIsTheOwnersAloneWithItsContent() throws IOException {
        Path file = folder.resolve("secret");

        PrivateFiles.writeNew(file, "s3cret".getBytes(StandardCharsets.UTF_8));

        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("s3cret");
    }

    @Test
    void aNewFileIsNeverWrittenIntoOneThatExistsOrThroughALink() throws IOException {
        Path existing = Files.writeString(folder.resolve("existing"), "theirs");
        Path target = Files.writeString(folder.resolve("target"), "theirs");
        Path link = Files.createSymbolicLink(folder.resolve("link"), target);

        assertThatThrownBy(() -> PrivateFiles.writeNew(existing, new byte[] {1})).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> PrivateFiles.writeNew(link, new byte[] {1})).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(existing)).isEqualTo("theirs");
        assertThat(Files.readString(target)).isEqualTo("theirs");
    }

    @Test
    void newFoldersAndTheirMissingParentsAreTheOwnersAlone() throws IOException {
        PrivateFiles.createFolders(folder.resolve("a/b/c"));

        assertThat(permissions(folder.resolve("a"))).isEqualTo("rwx------");
        assertThat(permissions(folder.resolve("a/b/c"))).isEqualTo("rwx------");
    }

    @Test
    void tighteningTakesGroupAndOthersAwayButNeverFollowsALink() throws IOException {
        Path tree = Files.createDirectories(folder.resolve("tree/sub"));
        Path data = Files.writeString(tree.resolve("data.log"), "x");
        Path tool = Files.writeString(tree.resolve("tool.sh"), "x");
        Path outside = Files.writeString(folder.resolve("outside"), "x");
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(tree.resolve("link"), outside);

        PrivateFiles.tighten(folder.resolve("tree"));

        assertThat(permissions(folder.resolve("tree"))).isEqualTo("rwx------");
        assertThat(permissions(tree)).isEqualTo("rwx------");
        assertThat(permissions(data)).isEqualTo("rw-------");
        assertThat(permissions(tool)).isEqualTo("rwx------");
        assertThat(permissions(outside)).isEqualTo("rw-r--r--");
    }

    static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}

package dev.runway.controlplane.home;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and folders only their owner can read: what the control plane keeps under its home holds run
 * data, logs and secrets. Created with their permissions (folders 0700, files 0600) rather than
 * changed afterwards, so no other user can open them in between. Where the file system has no POSIX
 * permissions (Windows), files inherit the folder's access rules.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates the folder and any missing parents as 0700; folders that exist are left as they are. */
    public static Path createFolders(Path folder) throws IOException {
        return isPosix(folder) ? Files.createDirectories(folder, attribute(FOLDER)) : Files.createDirectories(folder);
    }

    /** Creates an empty 0600 file unless one exists. */
    public static void createFileIfAbsent(Path file) throws IOException {
        try {
            writeNew(file, new byte[0]);
        } catch (FileAlreadyExistsException exists) {
            // appended to, as it is
        }
    }

    /**
     * Writes a file that must not exist yet (CREATE_NEW: never through a file or link someone else put
     * there), created 0600 before its first byte.
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = isPosix(file) ? new FileAttribute<?>[] {attribute(FILE)} : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /**
     * Takes group and others' permissions away from {@code root} and everything under it, for what was
     * created before (an older version, another program's umask). Links are left alone: changing one
     * would change what it points to.
     */
    public static void tighten(Path root) throws IOException {
        if (!isPosix(root) || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (permissions.removeAll(GROUP_AND_OTHERS)) {
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
        }
    }

    /** Whether anyone but the owner has a permission on {@code path}. */
    public static boolean isOpenToOthers(Path path) throws IOException {
        return isPosix(path) && Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).stream()
                .anyMatch(GROUP_AND_OTHERS::contains);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}

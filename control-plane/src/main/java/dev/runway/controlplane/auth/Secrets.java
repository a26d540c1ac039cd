package dev.runway.controlplane.auth;

import dev.runway.controlplane.home.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets kept in files under the Runway home, created on first use. A new secret is written to a file
 * that is 0600 from its creation, under a name nobody can guess, then moved into place: no other user
 * ever sees it, and a crash never leaves half a secret behind.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code prefix} and 32 random bytes, base64url-encoded without padding. */
    public static String random(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The secret in {@code file}, stripped; a new {@link #random} one written there first when there is none. */
    public static String readOrCreate(Path file, String prefix) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
            PrivateFiles.createFolders(file.toAbsolutePath().getParent());
            String secret = random(prefix);
            byte[] suffix = new byte[8];
            RANDOM.nextBytes(suffix);
            Path partial = file.resolveSibling(file.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".partial");
            PrivateFiles.writeNew(partial, (secret + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(partial, file);
                return secret;
            } catch (FileAlreadyExistsException anotherStartWasFirst) {
                Files.delete(partial);
                return Files.readString(file).strip();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}

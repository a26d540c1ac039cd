package dev.runway.model.result;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Task and cache keys as file names, and the paths of {@link ResultKey}s: one rule for every store.
 *
 * <p>Lowercase ASCII letters, digits, {@code -} and {@code _} stay as they are; every other byte of the key's UTF-8
 * becomes {@code ~} and two uppercase hex digits ({@code a/b} → {@code a~2Fb}, {@code ..} → {@code ~2E~2E},
 * {@code %2e} → {@code ~252e}). So a name holds no {@code /}, {@code \}, {@code .} or {@code %} to lead out of its
 * folder or to be decoded into one, nor any character a URI must escape, and two keys never share a name: uppercase
 * letters are escaped too, because the local store may live on a file system that ignores case (macOS, Windows),
 * where {@code Key} and {@code key} would be one file.
 *
 * <p>A name longer than {@value #LONGEST} characters keeps its first {@value #KEPT} (never half an escape) followed by
 * {@code ~~} and the SHA-256 of the key in lowercase hex: file systems take at most 255 bytes per name, and a long
 * key, for example one built from a task's inputs, should still work. No name of a shorter key holds {@code ~~}, so
 * a hashed name never equals a written-out one.
 */
final class ResultNames {

    private static final int LONGEST = 128;
    private static final int KEPT = 60;

    private static final String NAME = "(?:[a-z0-9_-]|~[0-9A-F]{2})+(?:~~[0-9a-f]{64})?";
    private static final String RUN_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** Every path a key gives; group 1 is the attempt of a flow run's or task run's result. */
    static final Pattern PATH = Pattern.compile(
            "(?:" + RUN_ID + "/([1-9][0-9]{0,9})(?:/tasks/" + NAME + ")?|cache/" + NAME + ")\\.json");

    private static final HexFormat UPPERCASE_HEX = HexFormat.of().withUpperCase();

    private ResultNames() {
    }

    /** Refuses a key that is empty or has no UTF-8 form (a lone surrogate would become {@code ?}, as another does). */
    static void check(String key, String what) {
        Objects.requireNonNull(key, () -> "a " + what + " is required");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " must not be empty");
        }
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(key));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a " + what + " must be Unicode text, not " + key.length()
                    + " chars holding a lone surrogate", e);
        }
    }

    /** The file name (without {@code .json}) of a key that passed {@link #check}. */
    static String name(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder name = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
                name.append((char) b);
            } else {
                name.append('~').append(UPPERCASE_HEX.toHexDigits(b));
            }
        }
        if (name.length() <= LONGEST) {
            return name.toString();
        }
        // An escape is three characters: one that starts in the last two kept ones is left out whole.
        int escape = name.lastIndexOf("~", KEPT - 1);
        int cut = escape >= KEPT - 2 ? escape : KEPT;
        return name.substring(0, cut) + "~~" + HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

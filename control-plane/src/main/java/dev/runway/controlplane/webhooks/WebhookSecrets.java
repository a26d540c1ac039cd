package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets: generated here, shown once to whoever creates the webhook, and stored encrypted rather
 * than hashed, because checking an HMAC signature needs the secret itself.
 *
 * <p>A stored secret reads {@code v1:<base64 nonce>:<base64 ciphertext>}: AES-256-GCM under the control
 * plane's webhook key, a random 12-byte nonce per encryption, and the webhook's slug as associated data, so
 * a stored secret copied onto another webhook does not decrypt. The {@code v1} leaves room for another
 * cipher or key later. Every control plane that shares a database must have the same key.
 */
public final class WebhookSecrets {

    public static final String PREFIX = "rwh_";

    private static final String VERSION = "v1";
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    /** Encrypts under {@code key}, an AES key of 32 bytes. */
    public WebhookSecrets(SecretKey key) {
        byte[] encoded = key.getEncoded();
        if (!"AES".equals(key.getAlgorithm()) || encoded != null && encoded.length != KEY_BYTES) {
            throw new IllegalArgumentException("the webhook key must be an AES key of " + KEY_BYTES + " bytes");
        }
        this.key = key;
    }

    /** Encrypts under the AES-256 key made of these 32 bytes. */
    public WebhookSecrets(byte[] key) {
        this(aesKey(key));
    }

    /**
     * Encrypts under the key kept in {@code file} (32 bytes, base64url), made on first use as the control plane's
     * other secrets are ({@link Secrets#readOrCreate}): owner-only from its creation, never half written, and of two
     * control planes starting at once both keep the one that got there first.
     */
    public static WebhookSecrets fromKeyFile(Path file) {
        byte[] key = decodeKey(Secrets.readOrCreate(file, ""));
        if (key == null) {
            throw new IllegalStateException(file + " does not hold a webhook key: " + KEY_BYTES
                    + " bytes, base64url-encoded; remove it to have a new one made (stored secrets then no longer decrypt)");
        }
        return new WebhookSecrets(key);
    }

    /**
     * Encrypts under the key written as text: 32 bytes in base64 or base64url, padded or not, as
     * {@code openssl rand -base64 32} makes one.
     *
     * @throws IllegalArgumentException naming {@code setting} but not showing the text
     */
    public static WebhookSecrets fromText(String key, String setting) {
        byte[] bytes = decodeKey(key.strip());
        if (bytes == null) {
            throw new IllegalArgumentException(setting + " must be " + KEY_BYTES + " bytes in base64, e.g. from"
                    + " 'openssl rand -base64 " + KEY_BYTES + "'");
        }
        return new WebhookSecrets(bytes);
    }

    /** A new secret: {@code rwh_} and 32 random bytes, base64url-encoded (47 characters, safe in a URL or header). */
    public static String newSecret() {
        return Secrets.random(PREFIX);
    }

    /** The form to store {@code secret} of the webhook {@code slug} in. */
    public String encrypt(String slug, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext;
        try {
            ciphertext = cipher(Cipher.ENCRYPT_MODE, slug, nonce).doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(CIPHER + " unavailable", e);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return VERSION + ":" + base64.encodeToString(nonce) + ":" + base64.encodeToString(ciphertext);
    }

    /**
     * The secret of the webhook {@code slug} from its stored form.
     *
     * @throws UnreadableSecretException when it was encrypted under another key or for another slug, was
     *                                   altered, or is not a stored secret at all
     */
    public String decrypt(String slug, String stored) {
        String[] parts = stored.split(":", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new UnreadableSecretException("the stored secret of webhook '" + slug + "' is not of the form "
                    + VERSION + ":<nonce>:<ciphertext>");
        }
        byte[] nonce;
        byte[] ciphertext;
        try {
            nonce = Base64.getDecoder().decode(parts[1]);
            ciphertext = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("the stored secret of webhook '" + slug + "' is not base64", e);
        }
        if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
            throw new UnreadableSecretException("the stored secret of webhook '" + slug + "' is cut short");
        }
        Cipher cipher;
        try {
            cipher = cipher(Cipher.DECRYPT_MODE, slug, nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(CIPHER + " unavailable", e);
        }
        try {
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UnreadableSecretException("the stored secret of webhook '" + slug + "' does not decrypt: it was "
                    + "encrypted under another key or for another webhook, or it was altered", e);
        }
    }

    private Cipher cipher(int mode, String slug, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(slug.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKey aesKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the webhook key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The key in base64 or base64url, or null when the text is not 32 bytes of either. */
    private static byte[] decodeKey(String text) {
        for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                byte[] key = decoder.decode(text);
                if (key.length == KEY_BYTES) {
                    return key;
                }
            } catch (IllegalArgumentException notThisAlphabet) {
                // the other one may read it
            }
        }
        return null;
    }
}

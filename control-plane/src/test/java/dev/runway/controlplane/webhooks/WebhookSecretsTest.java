package dev.runway.controlplane.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSecretsTest {

    @TempDir
    Path folder;

    private final WebhookSecrets secrets = new WebhookSecrets(randomKey());

    @Test
    void aNewSecretIsPrefixedUrlSafeAndNeverTheSameTwice() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = WebhookSecrets.newSecret();

            assertThat(secret).startsWith("rwh_").hasSize(4 + 43).matches("rwh_[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).hasSize(32);
            made.add(secret);
        }
        assertThat(made).hasSize(100);
    }

    @Test
    void aStoredSecretDecryptsToItselfAndDoesNotShowIt() {
        String secret = WebhookSecrets.newSecret();

        String stored = secrets.encrypt("deploy-main", secret);

        assertThat(stored).matches("v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]+").doesNotContain(secret.substring(4, 20));
        assertThat(secrets.decrypt("deploy-main", stored)).isEqualTo(secret);
    }

    @Test
    void theSameSecretIsStoredDifferentlyEachTimeAsEachHasItsOwnNonce() {
        String secret = WebhookSecrets.newSecret();

        String once = secrets.encrypt("deploy-main", secret);
        String twice = secrets.encrypt("deploy-main", secret);

        assertThat(once).isNotEqualTo(twice);
        assertThat(secrets.decrypt("deploy-main", twice)).isEqualTo(secret);
    }

    @Test
    void anotherKeyCannotDecryptIt() {
        String stored = secrets.encrypt("deploy-main", WebhookSecrets.newSecret());

        assertThatThrownBy(() -> new WebhookSecrets(randomKey()).decrypt("deploy-main", stored))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("'deploy-main' does not decrypt").hasMessageContaining("another key");
    }

    @Test
    void aSecretMovedToAnotherWebhookDoesNotDecrypt() {
        String stored = secrets.encrypt("deploy-main", WebhookSecrets.newSecret());

        assertThatThrownBy(() -> secrets.decrypt("deploy-prod", stored))
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("another webhook");
    }

    @Test
    void anyAlteredByteOfNonceOrCiphertextIsCaught() {
        String stored = secrets.encrypt("deploy-main", WebhookSecrets.newSecret());
        String[] parts = stored.split(":");
        for (int part = 1; part <= 2; part++) {
            byte[] bytes = Base64.getDecoder().decode(parts[part]);
            for (int i = 0; i < bytes.length; i++) {
                byte[] altered = bytes.clone();
                altered[i] ^= 1;
                String[] alteredParts = parts.clone();
                alteredParts[part] = Base64.getEncoder().encodeToString(altered);
                String tampered = String.join(":", alteredParts);

                assertThatThrownBy(() -> secrets.decrypt("deploy-main", tampered)).as("part %d byte %d", part, i)
                        .isInstanceOf(UnreadableSecretException.class);
            }
        }
    }

    @Test
    void whatIsNotAStoredSecretIsRefusedClearly() {
        String stored = secrets.encrypt("deploy-main", "rwh_x");
        String[] parts = stored.split(":");
        for (String notStored : new String[] {"rwh_plaintext", "v2" + stored.substring(2), parts[0] + ":" + parts[1],
                "v1:***:***", "v1:" + parts[2] + ":" + parts[1], "v1:" + parts[1] + ":AAAA", stored + ":"}) {
            assertThatThrownBy(() -> secrets.decrypt("deploy-main", notStored)).as(notStored)
                    .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("webhook 'deploy-main'");
        }
    }

    @Test
    void aKeyMustBeThirtyTwoBytesOfAes() throws Exception {
        assertThatThrownBy(() -> new WebhookSecrets(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        KeyGenerator hmac = KeyGenerator.getInstance("HmacSHA256");
        assertThatThrownBy(() -> new WebhookSecrets(hmac.generateKey())).isInstanceOf(IllegalArgumentException.class);
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        WebhookSecrets fromGenerated = new WebhookSecrets(aes.generateKey());
        assertThat(fromGenerated.decrypt("s", fromGenerated.encrypt("s", "rwh_x"))).isEqualTo("rwh_x");
    }

    @Test
    void theKeyFileIsMadeOwnerOnlyOnFirstUseAndThenReused() throws IOException {
        Path file = folder.resolve(".runway/webhook-key");

        WebhookSecrets first = WebhookSecrets.fromKeyFile(file);
        String stored = first.encrypt("deploy-main", "rwh_secret");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Base64.getUrlDecoder().decode(Files.readString(file).strip())).hasSize(32);
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
        assertThat(WebhookSecrets.fromKeyFile(file).decrypt("deploy-main", stored)).isEqualTo("rwh_secret");
    }

    @Test
    void aKeyFileThatHoldsNoKeyIsNotReplaced() throws IOException {
        Path file = Files.writeString(folder.resolve("webhook-key"), "not a key\n");

        assertThatThrownBy(() -> WebhookSecrets.fromKeyFile(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a webhook key").hasMessageNotContaining("not a key");
        assertThat(file).hasContent("not a key");
    }

    @Test
    void aConfiguredKeyIsReadInEitherBase64AlphabetAndAnythingElseIsRefusedWithoutShowingIt() {
        byte[] key = new byte[32];
        key[0] = (byte) 0xfb; // '+' or '-' in the first character: the alphabets differ
        key[1] = (byte) 0xff;
        String stored = new WebhookSecrets(key).encrypt("deploy-main", "rwh_secret");

        for (String text : new String[] {Base64.getEncoder().encodeToString(key), Base64.getUrlEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n"}) {
            assertThat(WebhookSecrets.fromText(text, "runway.webhooks.key").decrypt("deploy-main", stored)).as(text)
                    .isEqualTo("rwh_secret");
        }
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        for (String notAKey : new String[] {short16, "correct horse battery staple", ""}) {
            assertThatThrownBy(() -> WebhookSecrets.fromText(notAKey, "runway.webhooks.key")).as(notAKey)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runway.webhooks.key")
                    .hasMessageContaining("32 bytes in base64").hasMessageNotContaining(short16);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}

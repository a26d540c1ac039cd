package dev.runway.controlplane.webhooks;

/**
 * A stored webhook secret that does not decrypt: another key, another webhook's secret, or altered. Never
 * answered with whatever the bytes decrypt to.
 */
public class UnreadableSecretException extends RuntimeException {

    public UnreadableSecretException(String message) {
        super(message);
    }

    public UnreadableSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}

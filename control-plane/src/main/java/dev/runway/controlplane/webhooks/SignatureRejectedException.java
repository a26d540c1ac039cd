package dev.runway.controlplane.webhooks;

/**
 * A delivery whose signature (or token) is missing or wrong: refused with 401, and no run starts. The message says
 * which header was expected and in what form, never the secret or the value that would have matched.
 */
public class SignatureRejectedException extends RuntimeException {

    private final SignatureCheck check;
    private final WebhookSignature signature;

    SignatureRejectedException(SignatureCheck check, WebhookSignature signature) {
        super(check.message() + "; send " + signature.form());
        this.check = check;
        this.signature = signature;
    }

    /** Whether the header was not sent at all. */
    public boolean missing() {
        return check.outcome() == SignatureCheck.Outcome.MISSING;
    }

    /** The header the webhook reads its signature or token from. */
    public String header() {
        return signature.header();
    }
}

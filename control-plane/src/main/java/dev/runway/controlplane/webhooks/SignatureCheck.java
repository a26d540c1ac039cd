package dev.runway.controlplane.webhooks;

/**
 * What checking a delivery's signature found, with a message for the sender. The message names the header
 * and the form it takes, never the value expected, so a 401 can show it as it is.
 */
public record SignatureCheck(Outcome outcome, String message) {

    public enum Outcome {
        /** The delivery comes from whoever holds the webhook's secret. */
        VALID,
        /** The header is not there. */
        MISSING,
        /** The header is there but not in the form the check reads (or there more than once). */
        MALFORMED,
        /** The header is well-formed but does not match the secret. */
        MISMATCH,
        /** The request's signed timestamp is too far from now: a replay, or a sender's clock far off. */
        STALE
    }

    /** Whether the delivery may start a run. */
    public boolean valid() {
        return outcome == Outcome.VALID;
    }

    static SignatureCheck valid(String header) {
        return new SignatureCheck(Outcome.VALID, "the " + header + " header is valid");
    }

    static SignatureCheck missing(String header) {
        return new SignatureCheck(Outcome.MISSING, "the request has no " + header + " header");
    }

    static SignatureCheck malformed(String header, String reason) {
        return new SignatureCheck(Outcome.MALFORMED, "the " + header + " header " + reason);
    }

    static SignatureCheck stale(String header, String reason) {
        return new SignatureCheck(Outcome.STALE, "the " + header + " header " + reason);
    }

    static SignatureCheck mismatch(String header, String reason) {
        return new SignatureCheck(Outcome.MISMATCH, "the " + header + " header " + reason);
    }
}

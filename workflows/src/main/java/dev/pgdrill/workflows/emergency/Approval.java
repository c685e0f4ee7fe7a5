package dev.pgdrill.workflows.emergency;

/**
 * An approver's decision to restore production; {@code phrase} must be typed exactly.
 *
 * @param signature base64 Ed25519 signature of {@link ApprovalSignatures#payload} by the approver's key, or
 *                  empty for an unsigned approval (the Temporal UI's signal, or the CLI without a key)
 * @param signedAt  the time the CLI signed at (ISO-8601), part of the signed payload; empty when unsigned
 */
public record Approval(String approver, String phrase, String comment, String signature, String signedAt) {
    /** An unsigned approval. */
    public Approval(String approver, String phrase, String comment) {
        this(approver, phrase, comment, "", "");
    }

    public boolean signed() {
        return signature != null && !signature.isEmpty();
    }
}

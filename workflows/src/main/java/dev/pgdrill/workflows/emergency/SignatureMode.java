package dev.pgdrill.workflows.emergency;

/** What {@code approval.signatures} asks of an approval. */
public enum SignatureMode {
    /** Signatures are not checked (a signed approval is accepted like an unsigned one). */
    OFF,
    /** An unsigned approval is accepted; a signed one must verify with the approver's public key. */
    OPTIONAL,
    /** Only an approval signed with the approver's key is accepted (so never one sent from the Temporal UI). */
    REQUIRED
}

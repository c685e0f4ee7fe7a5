package dev.pgdrill.workflows.verify;

/** PASS and SKIP never fail a verdict; WARN is reported; FAIL fails it when the check is critical. */
public enum CheckStatus {
    PASS,
    FAIL,
    WARN,
    SKIP
}

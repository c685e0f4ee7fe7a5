package dev.pgdrill.activities.preflight;

/** OK and WARN pass; FAIL makes doctor exit 1. */
public enum CheckStatus {
    OK, WARN, FAIL
}

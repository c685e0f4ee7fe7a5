package dev.pgdrill.core.preflight;

/** OK and WARN pass; FAIL makes doctor exit 1. */
public enum CheckStatus {
    OK,
    WARN,
    FAIL
}

package dev.pgdrill.workflows.verify;

public enum Verdict {
    PASS,
    FAIL
}

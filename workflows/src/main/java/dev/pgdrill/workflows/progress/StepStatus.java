package dev.pgdrill.workflows.progress;

public enum StepStatus {
    PENDING,
    RUNNING,
    DONE,
    FAILED,
    SKIPPED
}

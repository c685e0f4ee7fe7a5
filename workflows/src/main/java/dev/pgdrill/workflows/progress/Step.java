package dev.pgdrill.workflows.progress;

/**
 * One step of a workflow as operators see it.
 *
 * @param startedAtMs  epoch millis, 0 while pending
 * @param finishedAtMs epoch millis, 0 until it ends
 * @param detail       one line: what it did or why it failed
 */
public record Step(String name, StepStatus status, long startedAtMs, long finishedAtMs, String detail) {}

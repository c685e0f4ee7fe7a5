package dev.pgdrill.workflows.emergency;

/** An approver's decision to restore production; {@code phrase} must be typed exactly. */
public record Approval(String approver, String phrase, String comment) {}

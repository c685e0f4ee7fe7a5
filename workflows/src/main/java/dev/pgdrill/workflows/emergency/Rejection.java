package dev.pgdrill.workflows.emergency;

public record Rejection(String approver, String reason) {}

package dev.pgdrill.workflows.activities;

/** One line of the catalog's audit trail. */
public record AuditEntry(String actor, String action, String subject, String detail) {}

package dev.pgdrill.core.catalog;

import java.time.Instant;

/**
 * One line of the audit trail as stored.
 *
 * @param detail the free-text detail, empty for entries that carry none (a keep mark)
 */
public record AuditRecord(Instant at, String actor, String action, String subject, String detail) {}

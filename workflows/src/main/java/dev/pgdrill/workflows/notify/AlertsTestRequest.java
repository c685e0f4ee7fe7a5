package dev.pgdrill.workflows.notify;

/** {@code pgdrill alerts test}: who asks, and the channels to try (every configured one, whatever its severity). */
public record AlertsTestRequest(String requestedBy, AlertRouting alerts) {}

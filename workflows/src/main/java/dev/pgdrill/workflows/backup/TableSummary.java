package dev.pgdrill.workflows.backup;

/** One table as the manifest saw it: exact row count and an order-independent content checksum. */
public record TableSummary(String schema, String name, long rowCount, String checksum) {}

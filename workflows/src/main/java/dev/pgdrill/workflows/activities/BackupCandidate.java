package dev.pgdrill.workflows.activities;

import java.time.Instant;

public record BackupCandidate(String backupId, String profile, Instant startedAt) {}

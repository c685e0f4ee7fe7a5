package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.backup.TableSummary;
import java.util.List;

/** A sealed backup on disk: dump, manifest.json and checksums, renamed into place. */
public record CreatedBackup(
        String backupId, long sizeBytes, int fileCount, boolean encrypted, List<TableSummary> tables) {}

package dev.pgdrill.workflows.backup;

/**
 * What a backup run decides on, copied from the configuration when the run starts (by the CLI or the
 * schedule), so the run's history explains every decision and a replay never depends on a file.
 *
 * @param jobs          pg_dump parallel jobs
 * @param retentionDays backups older than this are pruned after the run
 * @param sourceKind    the profile's backup source: {@code pgdump} (pg_dump into pgdrill's repository) or
 *                      {@code pgbackrest} ({@code pgbackrest backup} of its stanza); absent in older runs: pgdump
 * @param physicalType  for pgbackrest: {@code --type} full, diff or incr (absent: full)
 */
public record BackupSettings(int jobs, int retentionDays, String sourceKind, String physicalType) {
    public BackupSettings {
        sourceKind = sourceKind == null || sourceKind.isEmpty() ? "pgdump" : sourceKind;
        physicalType = physicalType == null || physicalType.isEmpty() ? "full" : physicalType;
    }

    /** pg_dump backups. */
    public BackupSettings(int jobs, int retentionDays) {
        this(jobs, retentionDays, "pgdump", "full");
    }

    /** Whether the run is a {@code pgbackrest backup} of the profile's stanza. */
    public boolean physical() {
        return "pgbackrest".equals(sourceKind);
    }
}

package dev.pgdrill.workflows.activities;

import java.time.Instant;

/**
 * A backup pgdrill did not make: a pg_dump archive (custom, directory or tar format) on a path the worker
 * can read, a provider's download say. It has no manifest: it is verified against the configuration and,
 * when {@code sourceProfile} is given, against that live database's schema as it is now.
 *
 * @param path          absolute, as the worker sees it
 * @param sourceProfile the database it is a backup of, whose live schema to compare with; empty for none
 * @param takenAt       when it was taken (freshness is measured from here)
 */
public record ExternalBackup(String path, String sourceProfile, Instant takenAt) {
    /** Not an external backup: a backup from the catalog. */
    public static ExternalBackup none() {
        return new ExternalBackup("", "", Instant.EPOCH);
    }

    // Not isPresent(): Jackson would take that for a property and send it along in the payload.
    public boolean present() {
        return !path.isEmpty();
    }
}

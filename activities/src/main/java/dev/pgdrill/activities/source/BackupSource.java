package dev.pgdrill.activities.source;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.util.List;

/**
 * One kind of backup source on the worker (pg_dump repository, pgBackRest, Supabase), chosen per database
 * profile by its {@code source:} configuration ({@link BackupSources}). Implementations talk to their
 * outside system; workflows reach them only through activities, by profile name.
 */
public interface BackupSource {
    /** The kind this source serves, as written in {@code source.kind}. */
    String kind();

    /** The profile's backups as the source holds them, newest first. Read-only and idempotent. */
    List<SourceBackup> list(String profile) throws ActivityException;
}

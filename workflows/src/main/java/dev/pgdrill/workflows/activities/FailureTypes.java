package dev.pgdrill.workflows.activities;

/**
 * The {@code ApplicationFailure} type names activities raise for permanent failures. Retrying these
 * cannot help, so they are non-retryable; anything else (a dropped connection, a busy server) is retried.
 */
public final class FailureTypes {
    /** A profile, path or option in the request does not fit the configuration. */
    public static final String CONFIGURATION = "ConfigurationError";
    /** pg_dump or pg_restore is missing, or older than the server. */
    public static final String TOOL = "ToolError";
    /** The repository is missing, not writable, or full. */
    public static final String REPOSITORY = "RepositoryError";
    /** The database refused us for good: wrong password, missing database, no privilege. */
    public static final String DATABASE = "DatabaseError";
    /** The encryption key is missing or wrong, or a file failed authentication. */
    public static final String ENCRYPTION = "EncryptionError";
    /** pg_dump itself failed (its own error message is the failure's message). */
    public static final String DUMP = "DumpError";
    /** A backup id was not found in the catalog. */
    public static final String NOT_FOUND = "NotFound";
    /** A database pgdrill was asked to drop or reuse does not carry pgdrill's ownership marker. */
    public static final String OWNERSHIP = "OwnershipError";
    /** The workflow-level failure of a backup run; its details carry the BackupResult. */
    public static final String BACKUP_FAILED = "BackupFailed";

    private FailureTypes() {}
}

package dev.pgdrill.core.catalog;

import dev.pgdrill.core.Compression;
import dev.pgdrill.workflows.backup.TableSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What was in the database when the backup was taken, read in the same snapshot pg_dump used. Later
 * verification compares a restored database with this, so it must describe exactly what is in the dump.
 * Stored as manifest.json next to the dump (unencrypted: it holds names, counts and hashes, no row data)
 * and in the catalog.
 */
public record Manifest(
        int formatVersion,
        String backupId,
        String profile,
        String database,
        String kind,
        String serverVersion,
        String pgDumpVersion,
        Instant startedAt,
        Instant finishedAt,
        String format,
        int jobs,
        Encryption encryption,
        List<TableEntry> tables,
        List<ConstraintEntry> constraints,
        List<IndexEntry> indexes,
        List<SequenceEntry> sequences,
        List<ExtensionEntry> extensions,
        List<FreshnessEntry> freshness,
        List<FileEntry> files,
        long sizeBytes,
        Optional<SchemaFingerprint> schema,
        Compression compression) {

    /** 2: with the schema fingerprint. Manifests of format 1 have none, and verify as they always did. */
    public static final int FORMAT_VERSION = 2;

    public Manifest {
        schema = schema == null ? Optional.empty() : schema; // absent from manifests of format 1
        compression = compression == null ? Compression.PG_DUMP : compression; // absent before zstd
    }

    /**
     * A backup pgdrill did not read in its own snapshot (a file it was handed, a pgBackRest set): what it is, when,
     * and its files, with no contents recorded, so verification compares what configuration and the live source
     * can tell instead.
     *
     * @param tool what made it, shown where pg_dump's version would be ("" when unknown)
     */
    public static Manifest withoutContents(
            String backupId,
            String profile,
            String database,
            String kind,
            String tool,
            Instant startedAt,
            Instant finishedAt,
            String format,
            List<FileEntry> files,
            long sizeBytes,
            Optional<SchemaFingerprint> schema) {
        return new Manifest(
                FORMAT_VERSION,
                backupId,
                profile,
                database,
                kind,
                "",
                tool,
                startedAt,
                finishedAt,
                format,
                0,
                Encryption.none(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                files,
                sizeBytes,
                schema);
    }

    /** A manifest of before {@code compression}: pg_dump compressed its own files. */
    public Manifest(
            int formatVersion,
            String backupId,
            String profile,
            String database,
            String kind,
            String serverVersion,
            String pgDumpVersion,
            Instant startedAt,
            Instant finishedAt,
            String format,
            int jobs,
            Encryption encryption,
            List<TableEntry> tables,
            List<ConstraintEntry> constraints,
            List<IndexEntry> indexes,
            List<SequenceEntry> sequences,
            List<ExtensionEntry> extensions,
            List<FreshnessEntry> freshness,
            List<FileEntry> files,
            long sizeBytes,
            Optional<SchemaFingerprint> schema) {
        this(
                formatVersion,
                backupId,
                profile,
                database,
                kind,
                serverVersion,
                pgDumpVersion,
                startedAt,
                finishedAt,
                format,
                jobs,
                encryption,
                tables,
                constraints,
                indexes,
                sequences,
                extensions,
                freshness,
                files,
                sizeBytes,
                schema,
                Compression.PG_DUMP);
    }

    /**
     * @param checksum       order-independent: the sum of a 64-bit hash of every row, so the same rows in any
     *                       physical order give the same value (see {@code TableChecksum})
     * @param checksumMethod how the rows were hashed, so verification hashes the restored rows the same way:
     *                       {@link #ROW_TEXT} (every manifest before this field), {@link #HASH_RECORD} or
     *                       {@link #COLUMN_HASH}
     */
    public record TableEntry(String schema, String name, long rowCount, String checksum, String checksumMethod) {
        /** {@code hashtextextended(row::text, 0)}: works for every type, costs an output conversion per value. */
        public static final String ROW_TEXT = "row-text";
        /** {@code hash_record_extended(row, 0)} (PostgreSQL 14+): every column's type must have an extended hash. */
        public static final String HASH_RECORD = "hash-record";
        /**
         * Each column's own extended hash, seeded by its position, XORed (PostgreSQL 14+): the same eligibility as
         * {@link #HASH_RECORD}, without building a record per row; what pgdrill chooses since 2026-11.
         */
        public static final String COLUMN_HASH = "column-hash";

        public TableEntry {
            checksumMethod = checksumMethod == null || checksumMethod.isEmpty() ? ROW_TEXT : checksumMethod;
        }

        public TableEntry(String schema, String name, long rowCount, String checksum) {
            this(schema, name, rowCount, checksum, ROW_TEXT);
        }

        public TableSummary summary() {
            return new TableSummary(schema, name, rowCount, checksum);
        }
    }

    /** @param type pg_constraint.contype: p, f, u, c, x, t */
    public record ConstraintEntry(
            String schema, String table, String name, String type, String definition, boolean validated) {}

    public record IndexEntry(String schema, String table, String name, String definition) {}

    /** @param lastValue empty (-1 is not used) when the sequence was never called: see {@code called} */
    public record SequenceEntry(String schema, String name, long lastValue, boolean called) {}

    public record ExtensionEntry(String name, String version) {}

    /**
     * @param maxValue the newest value of the column (UTC text), empty when the table is empty
     * @param error    why it could not be read (a misconfigured column), empty otherwise
     */
    public record FreshnessEntry(String table, String column, String maxValue, String error) {}

    /** @param path relative to the backup's folder */
    public record FileEntry(String path, long sizeBytes, String sha256) {}

    /**
     * @param algorithm  {@code none}, {@code aes-256-gcm-hkdf}, or {@code aes-256-gcm-chunked} (older backups)
     * @param kdf        how the key is derived from repository.encryptionKey
     * @param salt       base64, per backup
     * @param keyCheck   base64 HMAC that tells a wrong key at once, before any file is read
     * @param format     how each file is laid out, so a reader picks the right decryption; manifests from
     *                   before this field mean {@link #LEGACY_CHUNKED}, the only format there was
     */
    public record Encryption(
            String algorithm, String kdf, int iterations, String salt, String keyCheck, String format) {
        /** Tink's streaming AEAD with its AES256_GCM_HKDF_1MB parameters. */
        public static final String TINK_STREAMING = "tink-aes256-gcm-hkdf-1mb";
        /** pgdrill's own chunked AES-256-GCM ({@code PGDRILL1} header), read but no longer written. */
        public static final String LEGACY_CHUNKED = "pgdrill-chunked-aes256-gcm";

        public Encryption {
            if (format == null || format.isEmpty()) {
                format = "none".equals(algorithm) ? "" : LEGACY_CHUNKED;
            }
        }

        public static Encryption none() {
            return new Encryption("none", "", 0, "", "", "");
        }

        public boolean enabled() {
            return !"none".equals(algorithm);
        }
    }

    public List<TableSummary> tableSummaries() {
        return tables.stream().map(TableEntry::summary).toList();
    }
}

package dev.pgdrill.activities.external;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.FileTrees;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.SchemaReader;
import dev.pgdrill.activities.restore.ArchiveFormat;
import dev.pgdrill.activities.restore.BackupFiles;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ExternalBackup;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Backups pgdrill did not make, taken in for one verification: recorded in the catalog under profile
 * {@link BackupStore#EXTERNAL} with a manifest that has none of the backup's own facts, only the archive's
 * files as they are now and, where allowed, the live source's schema. The repository links to the archive.
 */
public final class ExternalBackups {
    private final PgdrillConfig config;
    private final BackupStore backups;
    private final BackupRepository repository;

    public ExternalBackups(PgdrillConfig config) {
        this.config = config;
        this.backups = new Catalog(config.catalogProfile()).backups();
        this.repository = new BackupRepository(config.repository().path());
    }

    /**
     * @param owner the run taking it in: a retry of the same run finds the same backup id and starts it clean
     * @throws io.temporal.failure.ApplicationFailure {@code NotFound} (no archive pg_restore can read),
     *     {@code ConfigurationError} (a source not allowed), {@code DatabaseError} (the source unreachable)
     */
    public Manifest take(ExternalBackup b, String owner, ProgressListener listener) throws IOException {
        Path archive = Path.of(b.path());
        String format = format(archive);
        Optional<SchemaFingerprint> live = b.sourceProfile().isEmpty() ? Optional.empty() : live(b.sourceProfile());
        String id = backups.reserve(BackupStore.EXTERNAL, BackupStore.EXTERNAL, b.takenAt(), owner);
        Path dir = repository.backupDir(BackupStore.EXTERNAL, id);
        FileTrees.deleteTree(dir);
        Files.createDirectories(dir);
        // A link, not a copy: a provider's download may be large, and pgdrill must never change it.
        Path dump = Files.createSymbolicLink(dir.resolve(BackupRepository.DUMP_DIR), archive);
        List<Manifest.FileEntry> files = new ArrayList<>();
        Map<String, Path> all = files(dump);
        for (Map.Entry<String, Path> f : all.entrySet()) {
            Path file = f.getValue();
            files.add(new Manifest.FileEntry(f.getKey(), Files.size(file), BackupFiles.sha256(file)));
            listener.progress("checksums", files.size(), all.size());
        }
        Manifest m = Manifest.withoutContents(
                id,
                BackupStore.EXTERNAL,
                b.sourceProfile().isEmpty()
                        ? ""
                        : config.profile(b.sourceProfile()).database(),
                BackupStore.EXTERNAL,
                format,
                b.takenAt(),
                b.takenAt(),
                format,
                files,
                files.stream().mapToLong(Manifest.FileEntry::sizeBytes).sum(),
                live);
        backups.complete(m);
        return m;
    }

    /** Removes the link (never the archive) and marks the backup PRUNED. Idempotent. */
    public void forget(String backupId) throws IOException {
        FileTrees.deleteTree(repository.backupDir(BackupStore.EXTERNAL, backupId));
        backups.recordPruned(BackupStore.EXTERNAL, backupId, "taken in for one verification, which ended", "pgdrill");
    }

    /** What pg_restore can read (directory, custom or tar); a plain SQL dump needs psql, and is refused. */
    static String format(Path archive) {
        if (!archive.isAbsolute() || !Files.isReadable(archive)) {
            throw FailureType.NOT_FOUND.permanent(
                    "no readable pg_dump archive at '" + archive + "' (an absolute" + " path the worker can read)");
        }
        try {
            return ArchiveFormat.of(archive)
                    .orElseThrow(() -> FailureType.NOT_FOUND.permanent(archive + " is not a pg_dump archive (custom,"
                            + " directory or tar): a plain SQL dump (pg_dump -Fp) is restored with psql, which"
                            + " pgdrill does not verify; take it again with pg_dump -Fc"))
                    .name()
                    .toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw FailureType.NOT_FOUND.permanent("unable to read " + archive + ": " + e.getMessage());
        }
    }

    /** The live source's schema now, without reading its data: only where the configuration allows it. */
    private Optional<SchemaFingerprint> live(String profile) {
        if (!config.verification().externalSources().contains(profile)) {
            throw FailureType.CONFIGURATION.permanent("profile '" + profile + "' is not in"
                    + " verification.externalSources: pgdrill reads a live database's schema only where allowed");
        }
        DatabaseProfile p = Failures.profile(config, profile);
        try (Connection c = Connections.open(p)) {
            return Optional.of(SchemaReader.readStructure(c));
        } catch (SQLException e) {
            throw Failures.database("read the live schema of '" + profile + "'", e, p);
        }
    }

    /** Each file of the archive, by its path in the backup, as read through the repository's link. */
    private static Map<String, Path> files(Path dump) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dump)) {
            out.put(BackupRepository.DUMP_DIR, dump);
            return out;
        }
        Path real = dump.toRealPath();
        try (Stream<Path> s = Files.walk(real)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path rel = real.relativize(f);
                out.put(
                        BackupRepository.DUMP_DIR + "/" + rel.toString().replace(File.separatorChar, '/'),
                        dump.resolve(rel));
            }
        }
        return out;
    }
}

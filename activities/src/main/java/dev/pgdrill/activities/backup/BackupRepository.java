package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.FileTrees;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk layout: {@code <root>/<profile>/<backupId>/} holds {@code dump/} (pg_dump's directory
 * format, files {@code .enc} when encrypted) and {@code manifest.json}. A backup is written under
 * {@code <root>/<profile>/.tmp-<backupId>/} and renamed into place only when sealed, so a crash never
 * leaves a half-written backup that looks complete.
 */
public final class BackupRepository {
    public static final String MANIFEST = "manifest.json";
    public static final String DUMP_DIR = "dump";
    private static final Pattern BACKUP_ID = Pattern.compile("\\d{8}T\\d{6}Z(-\\d{1,4})?");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

    private final Path root;

    public BackupRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The sealed backup's folder. Both names are checked, so neither can climb out of the repository. */
    public Path backupDir(String profile, String backupId) {
        return profileDir(profile).resolve(checkId(backupId));
    }

    public Path tempDir(String profile, String backupId) {
        return profileDir(profile).resolve(".tmp-" + checkId(backupId));
    }

    public boolean isSealed(String profile, String backupId) {
        return Files.isRegularFile(backupDir(profile, backupId).resolve(MANIFEST));
    }

    /** The repository must exist and take a file; anything else is a permanent RepositoryError. */
    public void checkWritable() throws ActivityException {
        if (!Files.isDirectory(root)) {
            throw ActivityException.permanent(
                    FailureType.REPOSITORY,
                    "repository " + root + " does not exist or is not a directory (repository.path)");
        }
        try {
            Path probe = Files.createTempFile(root, ".pgdrill-write-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw ActivityException.permanent(
                    FailureType.REPOSITORY, "repository " + root + " is not writable: " + e.getMessage());
        }
    }

    public Manifest readManifest(String profile, String backupId) throws IOException {
        return Json.MAPPER.readValue(
                backupDir(profile, backupId).resolve(MANIFEST).toFile(), Manifest.class);
    }

    /** Writes manifest.json via a temporary name, so a reader never sees half of it. */
    public static void writeManifest(Path dir, Manifest manifest) throws IOException {
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), manifest);
        Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Renames a complete temporary folder into place. */
    public void seal(String profile, String backupId) throws IOException {
        Path from = tempDir(profile, backupId);
        Path to = backupDir(profile, backupId);
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the repository's filesystem cannot rename " + from + " atomically", e);
        }
    }

    /** Removes a backup's sealed and temporary folders, whichever exist. Idempotent. */
    public void delete(String profile, String backupId) throws IOException {
        deleteTree(tempDir(profile, backupId));
        deleteTree(backupDir(profile, backupId));
    }

    public static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        FileTrees.deleteTree(dir);
    }

    private Path profileDir(String profile) {
        if (!PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("invalid profile name '" + profile + "'");
        }
        return root.resolve(profile);
    }

    private static String checkId(String backupId) {
        if (!BACKUP_ID.matcher(backupId).matches()) {
            throw new IllegalArgumentException("invalid backup id '" + backupId + "' (expected like 20260117T030000Z)");
        }
        return backupId;
    }
}

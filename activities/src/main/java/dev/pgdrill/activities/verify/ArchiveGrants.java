package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.BackupKey;
import dev.pgdrill.activities.backup.FileCipher;
import dev.pgdrill.activities.backup.SchemaReader;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint.SchemaObject;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.core.tools.PgTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The restored objects' ACLs as the backup's archive would set them. pgdrill restores with
 * {@code --no-privileges} (the grantees need not exist where it restores), so the restored database has
 * none to compare; the archive's own ACL entries ({@code pg_restore -l}, then {@code -L} to SQL; only its
 * table of contents is read, decrypted into the work folder when needed) are applied to the restored
 * objects in a transaction, read back, and rolled back at once.
 */
final class ArchiveGrants {
    /** A TOC line of an ACL entry: {@code 3612; 0 0 ACL public TABLE organizations postgres}. */
    private static final Pattern ACL_ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ ACL .*");

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** @param skipped why the grants could not be read; empty when {@code acls} holds them */
    record Result(List<SchemaObject> acls, String skipped) {
        static Result skipped(String why) {
            return new Result(List.of(), why);
        }
    }

    private final PgTools tools;
    private final Path workDir;

    ArchiveGrants(PgTools tools, Path workDir) {
        this.tools = tools;
        this.workDir = workDir;
    }

    /**
     * The archive's grants as SQL, or why they cannot be compared: no connection needed, so it can run while the
     * restored database's catalog is read.
     */
    record Script(String sql, String skipped) {
        static Script skipped(String why) {
            return new Script("", why);
        }
    }

    /** The archive's grants ({@link #script}) applied to the restored objects on {@code c}, read back, rolled back. */
    static Result apply(Connection c, Script script) {
        return script.skipped().isEmpty() ? applied(c, script.sql()) : Result.skipped(script.skipped());
    }

    /** @param archive what pg_restore reads: a directory-format dump (maybe encrypted) or an archive file */
    Script script(Path archive, Manifest.Encryption encryption, Optional<Secret> key) {
        Optional<Path> pgRestore = tools.find("pg_restore");
        if (pgRestore.isEmpty()) {
            return Script.skipped("pg_restore not found in " + tools.searched() + ": grants not compared");
        }
        if (!Files.exists(archive)) {
            return Script.skipped("the backup's archive is not at " + archive + ": grants not compared");
        }
        try (ScratchDir scratch = WorkDir.forRoot(workDir).scratch("grants")) {
            Path toc = encryption.enabled() ? decryptToc(archive, encryption, key, scratch.folder("dump")) : archive;
            Path listing = scratch.path().resolve("toc.list");
            ExternalChecks.Outcome listed = ExternalChecks.run(
                    List.of(pgRestore.get().toString(), "-l", toc.toString()), Map.of(), TIMEOUT, listing);
            if (listed.exit() != 0) {
                return Script.skipped("pg_restore -l could not read the archive: " + ExternalChecks.tail(listing, 300));
            }
            List<String> acl = Files.readAllLines(listing).stream()
                    .filter(l -> ACL_ENTRY.matcher(l).matches())
                    .toList();
            if (acl.isEmpty()) {
                return new Script("", "");
            }
            Path list = Files.write(scratch.path().resolve("acl.list"), acl);
            Path out = scratch.path().resolve("acl.sql");
            ExternalChecks.Outcome script = ExternalChecks.run(
                    List.of(pgRestore.get().toString(), "-L", list.toString(), "-f", out.toString(), toc.toString()),
                    Map.of(),
                    TIMEOUT,
                    scratch.path().resolve("pg_restore.log"));
            if (script.exit() != 0) {
                return Script.skipped("pg_restore could not write the archive's grants: "
                        + ExternalChecks.tail(scratch.path().resolve("pg_restore.log"), 300));
            }
            // psql's meta-commands (\restrict) and comments are not SQL
            return new Script(
                    Files.readAllLines(out).stream()
                            .filter(l -> !l.startsWith("\\") && !l.startsWith("--"))
                            .collect(Collectors.joining("\n")),
                    "");
        } catch (IOException | BackupKey.WrongKeyException e) {
            return Script.skipped("the archive's grants could not be read: " + e.getMessage());
        }
    }

    /** Applies the grants, reads the ACLs, rolls back: the restored database is left as it was. */
    private static Result applied(Connection c, String sql) {
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
                return new Result(SchemaReader.readKind(c, "acls"), "");
            } catch (SQLException e) {
                return Result.skipped("the archive's grants could not be applied to the restored objects here ("
                        + SqlErrors.cause(e) + "): grants not compared");
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            return Result.skipped("grants not compared: " + SqlErrors.cause(e));
        }
    }

    /** The table of contents alone, decrypted into the scratch folder: ACL entries have no data files. */
    private static Path decryptToc(Path dumpDir, Manifest.Encryption encryption, Optional<Secret> key, Path target)
            throws IOException, BackupKey.WrongKeyException {
        if (key.isEmpty()) {
            throw new IOException("the backup is encrypted and repository.encryptionKey is not set");
        }
        FileCipher cipher =
                FileCipher.forBackup(encryption, BackupKey.unlock(key.get().reveal(), encryption));
        Path encrypted = dumpDir.resolve("toc.dat.enc");
        try (InputStream in = Files.newInputStream(encrypted);
                OutputStream out = ScratchDir.newPrivateFile(target.resolve("toc.dat"))) {
            cipher.decrypt(in, out, FileCipher.pathIn(dumpDir.getParent(), encrypted));
        }
        return target;
    }
}

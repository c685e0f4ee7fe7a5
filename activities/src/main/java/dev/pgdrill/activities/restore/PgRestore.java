package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.BackupKey;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.DecryptionException;
import dev.pgdrill.activities.backup.FileCipher;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** pg_restore of a sealed backup into an existing database, decrypting first when needed. */
public final class PgRestore {
    public static final String CHECK = "restore";
    private static final int MAX_ERRORS = 20;

    private final PgTools tools;

    public PgRestore(PgTools tools) {
        this.tools = tools;
    }

    public RestoreOutcome restore(
            Path backupDir,
            Manifest m,
            Optional<Secret> key,
            DatabaseProfile server,
            String database,
            int jobs,
            ProgressListener listener)
            throws ActivityException, IOException, InterruptedException {
        Path pgRestore = tools.find("pg_restore")
                .orElseThrow(() -> ActivityException.permanent(
                        FailureType.TOOL,
                        "pg_restore not found in " + tools.searched()
                                + " (install postgresql-client or set tools.pgBinDir)"));
        Path dump = backupDir.resolve(BackupRepository.DUMP_DIR);
        Path plain = null;
        long start = System.nanoTime();
        try {
            if (m.encryption().enabled()) {
                plain = decrypt(backupDir, m, key, backupDir.resolveSibling(".restore-" + database), listener);
                dump = plain;
            }
            int total = tocItems(pgRestore, dump);
            List<String> cmd = List.of(
                    pgRestore.toString(),
                    "--jobs=" + jobs,
                    "--dbname=" + database,
                    "--no-owner",
                    "--no-privileges",
                    "--verbose",
                    "--no-password",
                    dump.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            try {
                pb.environment().putAll(Connections.libpqEnv(server, database));
            } catch (SQLException e) {
                throw ActivityException.permanent(FailureType.DATABASE, e.getMessage());
            }
            Process p = pb.start();
            List<String> errors = new ArrayList<>();
            AtomicInteger items = new AtomicInteger();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                long lastBeat = 0;
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("error:") || line.startsWith("pg_restore: error") || line.contains("ERROR:")) {
                        if (errors.size() < MAX_ERRORS) {
                            errors.add(line.replaceFirst("^pg_restore: ", ""));
                        }
                    } else if (line.startsWith("pg_restore: creating ")
                            || line.startsWith("pg_restore: processing data")
                            || line.startsWith("pg_restore: processing item")) {
                        items.incrementAndGet();
                    }
                    if (System.nanoTime() - lastBeat > TimeUnit.SECONDS.toNanos(2)) {
                        listener.progress("restore", Math.min(items.get(), total), total);
                        lastBeat = System.nanoTime();
                    }
                }
            } finally {
                if (!p.waitFor(1, TimeUnit.MINUTES)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int restored = Math.min(items.get(), total);
            CheckResult check = p.exitValue() == 0 && errors.isEmpty()
                    ? CheckResult.pass(CHECK, "pg_restore exits 0", "exit 0, " + total + " TOC items", "")
                    : CheckResult.fail(
                            CHECK,
                            "pg_restore exits 0 with no errors",
                            "exit " + p.exitValue() + ", " + errors.size() + " error(s)",
                            String.join(" | ", errors));
            return new RestoreOutcome(check, ms, restored, total);
        } finally {
            if (plain != null) {
                BackupRepository.deleteTree(plain);
            }
        }
    }

    /** Number of entries in the archive's table of contents (pg_restore -l), for progress. */
    static int tocItems(Path pgRestore, Path dump) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(pgRestore.toString(), "-l", dump.toString())
                .redirectErrorStream(true)
                .start();
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith(";") && !line.isBlank()) {
                    n++;
                }
            }
        }
        p.waitFor(1, TimeUnit.MINUTES);
        return n;
    }

    private static Path decrypt(
            Path backupDir, Manifest m, Optional<Secret> key, Path target, ProgressListener listener)
            throws ActivityException, IOException {
        if (key.isEmpty()) {
            throw ActivityException.permanent(
                    FailureType.ENCRYPTION,
                    "backup " + m.backupId() + " is encrypted and repository.encryptionKey is not set");
        }
        FileCipher cipher;
        try {
            cipher = FileCipher.forBackup(
                    m.encryption(), BackupKey.unlock(key.get().reveal(), m.encryption()));
        } catch (BackupKey.WrongKeyException | DecryptionException e) {
            throw ActivityException.permanent(FailureType.ENCRYPTION, e.getMessage());
        }
        BackupRepository.deleteTree(target);
        Files.createDirectories(target);
        List<Path> files;
        try (Stream<Path> s = Files.walk(backupDir.resolve(BackupRepository.DUMP_DIR))) {
            files = s.filter(Files::isRegularFile).toList();
        }
        int done = 0;
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.enc$", "");
            try (InputStream in = Files.newInputStream(f);
                    OutputStream out = Files.newOutputStream(target.resolve(name))) {
                cipher.decrypt(in, out, FileCipher.pathIn(backupDir, f));
            } catch (DecryptionException e) {
                BackupRepository.deleteTree(target);
                throw ActivityException.permanent(FailureType.ENCRYPTION, f.getFileName() + ": " + e.getMessage());
            }
            listener.progress("decrypt", ++done, files.size());
        }
        return target;
    }
}

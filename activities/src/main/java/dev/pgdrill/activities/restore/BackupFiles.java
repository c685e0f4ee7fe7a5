package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.BackupKey;
import dev.pgdrill.activities.backup.DecryptionException;
import dev.pgdrill.activities.backup.FileCipher;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The {@code backup_files} check: every stored file is there, whole, and as recorded. */
public final class BackupFiles {
    public static final String CHECK = "backup_files";

    private BackupFiles() {}

    public static CheckResult check(Path backupDir, Manifest m, Optional<Secret> key, ProgressListener listener)
            throws IOException {
        return check(backupDir, m, key, listener, true);
    }

    /**
     * The check a drill runs before its restore. When the restore streams the backup ({@link StreamedDump}), it
     * hashes every stored file as it decodes it and fails this same check naming a file whose SHA-256 differs:
     * here only what is cheap to tell up front (every file there at its recorded size, the key opens it), so the
     * files are read once, not twice. Otherwise, the whole check.
     */
    public static CheckResult checkBeforeRestore(
            Path backupDir, Manifest m, Optional<Secret> key, ProgressListener listener) throws IOException {
        return check(backupDir, m, key, listener, !StreamedDump.applies(backupDir, m));
    }

    private static CheckResult check(
            Path backupDir, Manifest m, Optional<Secret> key, ProgressListener listener, boolean hashes)
            throws IOException {
        List<String> problems = new ArrayList<>();
        long done = 0;
        for (Manifest.FileEntry f : m.files()) {
            Path file = backupDir.resolve(f.path()).normalize();
            if (!file.startsWith(backupDir)) {
                problems.add(f.path() + ": outside the backup folder");
                continue;
            }
            try {
                long size = Files.size(file);
                if (size != f.sizeBytes()) {
                    problems.add(f.path() + ": " + size + " bytes, recorded " + f.sizeBytes());
                } else if (hashes && !sha256(file).equals(f.sha256())) {
                    problems.add(f.path() + ": SHA-256 differs from the recorded one");
                }
            } catch (NoSuchFileException e) {
                problems.add(f.path() + ": missing");
            }
            listener.progress("checksums", ++done, m.files().size());
        }
        if (m.encryption().enabled()) {
            if (key.isEmpty()) {
                problems.add("the backup is encrypted and repository.encryptionKey is not set");
            } else {
                try {
                    // a format this version cannot read is as fatal as a wrong key, and as cheap to tell
                    FileCipher.forBackup(
                            m.encryption(), BackupKey.unlock(key.get().reveal(), m.encryption()));
                } catch (BackupKey.WrongKeyException | DecryptionException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        String expected = m.files().size()
                + (hashes ? " files as recorded" : " files at their recorded sizes")
                + (m.encryption().enabled() ? ", key opens it" : "");
        if (problems.isEmpty()) {
            return CheckResult.pass(
                    CHECK,
                    expected,
                    m.files().size() + " files match",
                    hashes ? "" : "SHA-256 checked as the restore reads each file");
        }
        return CheckResult.fail(
                CHECK,
                expected,
                problems.size() + " problem(s)",
                String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
                        + (problems.size() > 20 ? "; …" : ""));
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.core.Compression;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backups made with pg_dump into the local repository. The manifest is read in the very snapshot the
 * dump uses: a REPEATABLE READ transaction exports it ({@code pg_export_snapshot()}), pg_dump imports it
 * with {@code --snapshot}, and the manifest queries run in that transaction while pg_dump works.
 */
public final class PgDumpBackupSource {
    /** SQLSTATE classes that no retry will fix: bad credentials, missing database, missing privilege. */
    private static final Set<String> PERMANENT_STATES = Set.of("28P01", "28000", "3D000", "42501");

    private final PgdrillConfig config;
    private final BackupRepository repository;
    private final PgTools tools;
    private final Clock clock;

    public PgDumpBackupSource(PgdrillConfig config, Clock clock) {
        this.config = config;
        this.repository = new BackupRepository(config.repository().path());
        this.tools = new PgTools(config.tools().pgBinDir());
        this.clock = clock;
    }

    public BackupRepository repository() {
        return repository;
    }

    /** Makes and seals one backup; see BackupSourceActivities#createBackup for the contract. */
    public Manifest create(String profileName, String backupId, String kind, int jobs, ProgressListener listener)
            throws ActivityException, InterruptedException {
        return create(profileName, "", backupId, kind, jobs, listener);
    }

    /**
     * The same, of {@code database} on the profile's server ("" for the profile's own): an emergency restore
     * dumps production's set-aside database, which no application writes to any more.
     */
    public Manifest create(
            String profileName, String database, String backupId, String kind, int jobs, ProgressListener listener)
            throws ActivityException, InterruptedException {
        DatabaseProfile profile =
                database.isEmpty() ? profile(profileName) : profile(profileName).withDatabase(database);
        repository.checkWritable();
        try {
            if (repository.isSealed(profileName, backupId)) {
                return repository.readManifest(profileName, backupId); // a retry after the seal: done already
            }
            Path temp = repository.tempDir(profileName, backupId);
            BackupRepository.deleteTree(temp); // a previous attempt's leftovers: start clean
            Files.createDirectories(temp);
            try {
                Manifest m = dumpAndSeal(profile, backupId, kind, jobs, temp, listener);
                repository.seal(profileName, backupId);
                return m;
            } catch (ActivityException | InterruptedException | IOException | RuntimeException e) {
                BackupRepository.deleteTree(temp);
                throw e;
            }
        } catch (IOException e) {
            throw new ActivityException(
                    FailureType.REPOSITORY,
                    "unable to write backup " + backupId + " to " + repository.root() + ": " + e.getMessage(),
                    !isNoSpace(e),
                    e);
        }
    }

    private Manifest dumpAndSeal(
            DatabaseProfile profile, String backupId, String kind, int jobs, Path temp, ProgressListener listener)
            throws ActivityException, IOException, InterruptedException {
        Path pgDump = tools.find("pg_dump")
                .orElseThrow(() -> ActivityException.permanent(
                        FailureType.TOOL,
                        "pg_dump not found in " + tools.searched()
                                + " (install postgresql-client or set tools.pgBinDir)"));
        PgTools.ToolVersion dumpVersion = tools.version(pgDump);
        Instant startedAt = clock.instant();
        Manifest.Encryption encryption = config.repository()
                .encryptionKey()
                .map(k -> BackupKey.newEncryption(k.reveal()))
                .orElse(Manifest.Encryption.none());
        Optional<TinkFileCipher> cipher = encryption.enabled()
                ? Optional.of(new TinkFileCipher(BackupKey.derive(
                        config.repository().encryptionKey().get().reveal(),
                        encryption.salt(),
                        encryption.iterations())))
                : Optional.empty();
        Compression compression = config.repository().compression();
        boolean zstd = Compression.ZSTD.equals(compression.algorithm());
        // zstd: pg_dump writes plain files and the sealer compresses them; gzip: pg_dump's own compression
        int dumpLevel = Compression.GZIP.equals(compression.algorithm()) ? compression.level() : 0;
        StoredFile.Writer writer = new StoredFile.Writer(
                cipher, zstd ? compression.level() : 0, Runtime.getRuntime().availableProcessors());
        DatabaseContents contents;
        List<Manifest.FileEntry> files;
        try (Connection c = Connections.open(profile);
                Sealer sealer = new Sealer(temp, writer, jobs)) {
            c.setAutoCommit(false);
            String snapshot = exportSnapshot(c);
            int serverMajor = serverMajor(c);
            if (dumpVersion.major() < serverMajor) {
                throw ActivityException.permanent(
                        FailureType.TOOL,
                        "pg_dump " + dumpVersion.major() + " at " + pgDump
                                + " is older than the server (" + serverMajor + ") of profile '" + profile.name()
                                + "': install postgresql-client-" + serverMajor + " and set tools.pgBinDir");
            }
            try (ScratchDir scratch =
                            WorkDir.forRoot(config.repository().workDir()).scratch("dump-" + profile.name());
                    PgDumpProcess dump = PgDumpProcess.start(
                            pgDump,
                            profile,
                            temp.resolve(BackupRepository.DUMP_DIR),
                            jobs,
                            dumpLevel,
                            snapshot,
                            temp.resolve("pg_dump.log"),
                            scratch,
                            sealer::finished)) {
                sealer.watch();
                // the manifest is read in the dump's snapshot while pg_dump runs and the sealer seals
                contents = DatabaseContents.read(
                        c, config.verification().freshness(), n -> listener.progress("manifest", n, 0));
                dump.await(listener);
            }
            c.commit();
            files = sealer.finish(listener);
        } catch (SQLException e) {
            boolean permanent = e.getSQLState() != null && PERMANENT_STATES.contains(e.getSQLState());
            String hint = SqlErrors.hint(e, profile);
            throw new ActivityException(
                    FailureType.DATABASE,
                    "unable to dump '" + profile.name() + "' (" + profile.describe() + "): " + SqlErrors.cause(e)
                            + (hint.isEmpty() ? "" : "; " + hint),
                    !permanent,
                    e);
        }
        long size = files.stream().mapToLong(Manifest.FileEntry::sizeBytes).sum();
        Manifest manifest = new Manifest(
                Manifest.FORMAT_VERSION,
                backupId,
                profile.name(),
                profile.database(),
                kind,
                contents.serverVersion(),
                dumpVersion.text(),
                startedAt,
                clock.instant(),
                "directory",
                jobs,
                encryption,
                contents.tables(),
                contents.constraints(),
                contents.indexes(),
                contents.sequences(),
                contents.extensions(),
                contents.freshness(),
                files,
                size,
                Optional.of(contents.schema()),
                compression);
        BackupRepository.writeManifest(temp, manifest);
        return manifest;
    }

    /**
     * Opens the snapshot the dump and the manifest share. READ ONLY REPEATABLE READ must be the first
     * statement of the transaction for the snapshot to be the one exported.
     */
    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static int serverMajor(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private DatabaseProfile profile(String name) throws ActivityException {
        DatabaseProfile p = config.databases().get(name);
        if (p == null) {
            throw ActivityException.permanent(
                    FailureType.CONFIGURATION,
                    "unknown database profile '" + name + "' (configured: "
                            + String.join(", ", config.databases().keySet()) + ")");
        }
        return p;
    }

    private static boolean isNoSpace(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota");
    }
}

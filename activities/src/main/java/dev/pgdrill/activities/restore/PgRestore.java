package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.StoredFile;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * pg_restore of a sealed backup into an existing database, reading it through named pipes as it is decrypted
 * and decompressed ({@link StreamedDump}), or decoded first where it cannot ({@link DumpDecoder}). The decoded
 * dump and the password file live in a scratch folder of the worker's private {@link WorkDir}, removed
 * when the restore ends however it ends.
 */
public final class PgRestore {
    public static final String CHECK = "restore";

    private final PgTools tools;
    private final WorkDir work;
    /** Table-of-contents lines to leave out; empty: restore the whole archive (and read no list for it). */
    private final Optional<Predicate<String>> leaveOut;
    /** A table whose data file was stored with at least this many bytes is loaded over all jobs ({@link SplitLoad}). */
    private final long splitBytes;
    /** With a split, the other tables' data below this (stored) goes in beside the large tables, else after. */
    private final long besideBelow;

    public PgRestore(PgTools tools, WorkDir work) {
        this(tools, work, Optional.empty(), SplitLoad.DEFAULT_MIN_BYTES, SplitLoad.DEFAULT_MIN_BYTES);
    }

    private PgRestore(
            PgTools tools, WorkDir work, Optional<Predicate<String>> leaveOut, long splitBytes, long besideBelow) {
        this.tools = tools;
        this.work = work;
        this.leaveOut = leaveOut;
        this.splitBytes = splitBytes;
        this.besideBelow = besideBelow;
    }

    /** The same restore, splitting every table whose data file was stored with at least {@code bytes} (tests). */
    PgRestore splittingAbove(long bytes) {
        return new PgRestore(tools, work, leaveOut, bytes, besideBelow);
    }

    /** The same restore, the other tables' data loaded after the large tables', however small (tests). */
    PgRestore restAfterTheSplit() {
        return new PgRestore(tools, work, leaveOut, splitBytes, 0);
    }

    /**
     * The same restore, leaving out the archive's table-of-contents entries ({@code pg_restore -l} lines) that
     * {@code leaveOut} names: what cannot exist where it restores (a managed platform's roles and extensions).
     */
    public PgRestore leavingOut(Predicate<String> leaveOut) {
        return new PgRestore(tools, work, Optional.of(leaveOut), splitBytes, besideBelow);
    }

    public RestoreOutcome restore(
            Path backupDir,
            Manifest m,
            Optional<Secret> key,
            DatabaseProfile server,
            String database,
            int jobs,
            boolean keepOwners,
            ProgressListener listener)
            throws ActivityException, IOException, InterruptedException {
        Path pgRestore = tools.find("pg_restore")
                .orElseThrow(() -> ActivityException.permanent(
                        FailureType.TOOL,
                        "pg_restore not found in " + tools.searched()
                                + " (install postgresql-client or set tools.pgBinDir)"));
        long start = System.nanoTime();
        try (ScratchDir scratch = work.scratch("restore-" + database)) {
            Path folder = scratch.folder("dump");
            Restore from = dump ->
                    run(pgRestore, dump, storedSizes(m), scratch, server, database, jobs, keepOwners, listener, start);
            if (!(m.encryption().enabled() || m.compression().byPgdrill())) {
                return from.dump(backupDir.resolve(BackupRepository.DUMP_DIR));
            }
            if (!StreamedDump.applies(backupDir, m)) {
                return from.dump(DumpDecoder.decode(backupDir, m, key, folder, jobs, listener));
            }
            // pg_restore reads each data file as it is decoded: the decoding overlaps the restore
            try (StreamedDump streamed = StreamedDump.open(backupDir, m, DumpDecoder.cipher(m, key), folder, jobs)) {
                Optional<RestoreOutcome> restored =
                        streamed.tocIntact() ? Optional.of(from.dump(folder)) : Optional.empty();
                Optional<CheckResult> damaged = streamed.finish(listener);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (damaged.isPresent()) {
                    // pg_restore may have loaded what it read: the sandbox is dropped, the step fails naming the file
                    return new RestoreOutcome(
                            damaged.get(),
                            ms,
                            restored.map(RestoreOutcome::items).orElse(0),
                            restored.map(RestoreOutcome::total).orElse(0));
                }
                RestoreOutcome r = restored.orElseThrow();
                return new RestoreOutcome(r.check(), ms, r.items(), r.total());
            }
        }
    }

    /** The restore of one dump folder, whichever way it was made readable. */
    @FunctionalInterface
    private interface Restore {
        RestoreOutcome dump(Path folder) throws ActivityException, IOException, InterruptedException;
    }

    /** The stored size of the dump's data files ({@code 3358.dat}; not its table of contents). */
    private static long dataBytes(Map<String, Long> storedSizes) {
        return storedSizes.entrySet().stream()
                .filter(e -> e.getKey().matches("\\d+\\.dat"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The manifest's stored size of each dump file, by its plain name ({@code 3358.dat}). */
    private static Map<String, Long> storedSizes(Manifest m) {
        Map<String, Long> sizes = new HashMap<>();
        for (Manifest.FileEntry e : m.files()) {
            sizes.put(StoredFile.plainName(Path.of(e.path()).getFileName().toString()), e.sizeBytes());
        }
        return sizes;
    }

    /**
     * pg_restore of the dump folder {@code dump} (what pg_dump wrote), in one or two passes; or, when it holds a
     * table large enough to split, in three with that table loaded by pgdrill between the data and the post-data.
     */
    private RestoreOutcome run(
            Path pgRestore,
            Path dump,
            Map<String, Long> storedSizes,
            ScratchDir scratch,
            DatabaseProfile server,
            String database,
            int jobs,
            boolean keepOwners,
            ProgressListener listener,
            long start)
            throws ActivityException, IOException, InterruptedException {
        TableOfContents toc = TableOfContents.of(pgRestore, dump);
        Optional<TableOfContents.UseList> list =
                leaveOut.isEmpty() ? Optional.empty() : toc.without(leaveOut.get(), scratch.folder("toc"));
        int total = toc.entries() - list.map(TableOfContents.UseList::leftOut).orElse(0);
        // A tar archive (one pgdrill did not make) is read with one job: pg_restore refuses more.
        boolean tar = ArchiveFormat.of(dump).equals(Optional.of(ArchiveFormat.TAR));
        List<String> cmd = new ArrayList<>(List.of(
                pgRestore.toString(),
                "--jobs=" + (tar ? 1 : jobs),
                "--dbname=" + database,
                "--verbose",
                "--no-password"));
        if (!keepOwners) {
            // Another server (staging, a drill's sandbox) may lack production's roles: owned by pgdrill's user.
            cmd.addAll(List.of("--no-owner", "--no-privileges"));
        }
        Map<String, String> env;
        try {
            env = scratch.libpqEnv(server, database);
        } catch (SQLException e) {
            throw ActivityException.permanent(FailureType.DATABASE, e.getMessage());
        }
        List<SplitLoad.Candidate> large =
                tar || jobs < 2 ? List.of() : SplitLoad.candidates(toc, dump, storedSizes, splitBytes);
        Optional<List<String>> session =
                large.isEmpty() ? Optional.empty() : SplitLoad.session(pgRestore, dump, scratch.folder("session"));
        RestorePasses passes = new RestorePasses(cmd, dump, env, total, listener);
        if (session.isPresent()) {
            passes.split(
                    dataBytes(storedSizes),
                    besideBelow,
                    large,
                    session.get(),
                    toc,
                    list,
                    leaveOut,
                    scratch,
                    server,
                    database,
                    jobs);
        } else {
            list.ifPresent(l -> cmd.add("--use-list=" + l.file()));
            for (List<String> pass : passes(!tar && jobs > 1 && toc.hasPartitions())) {
                if (passes.run(pass) != 0) {
                    break;
                }
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int restored = Math.min(passes.items.get(), total);
        CheckResult check = passes.exit == 0 && passes.errors.isEmpty()
                ? CheckResult.pass(CHECK, "pg_restore exits 0", "exit 0, " + total + " TOC items", "")
                : CheckResult.fail(
                        CHECK,
                        "pg_restore exits 0 with no errors",
                        "exit " + passes.exit + ", " + passes.errors.size() + " error(s)",
                        String.join(" | ", passes.errors));
        return new RestoreOutcome(check, ms, restored, total);
    }

    /**
     * pg_restore's passes. In one parallel pass, a trigger or foreign key on a partitioned table may be created
     * while a partition's data is still loading (pg_restore orders post-data items after their own table's data,
     * and a partitioned table has none), so the partition's COPY fires the trigger (failing, or writing rows the
     * backup never had) or checks the key against a table not loaded yet. With partitions, the post-data section
     * runs once all data is in.
     */
    private static List<List<String>> passes(boolean split) {
        return split
                ? List.of(List.of("--section=pre-data", "--section=data"), List.of("--section=post-data"))
                : List.of(List.of());
    }
}

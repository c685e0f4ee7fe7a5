package dev.pgdrill.activities.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.activities.restore.BackupFiles;
import dev.pgdrill.activities.restore.PgRestore;
import dev.pgdrill.activities.restore.Sandboxes;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes the broken-backup corpus out of healthy backups, with the real tools: copies whose files or
 * manifest are damaged afterwards, and re-dumps (the healthy backup restored with owners and grants into a
 * scratch database, damaged there, dumped again with pg_dump and sealed with fresh checksums) that keep the
 * healthy backup's manifest, as a backup whose dump lost something its manifest records would. Runs each
 * backup the way the drill does, and the two simpler verifications it is compared with.
 */
final class BrokenBackups {
    private static final String OWNER = "broken-backups-it";
    private static final String SCRATCH = "corpus_scratch";

    private final PostgresCluster pg;
    private final PgdrillConfig cfg;
    private final BackupStore backups;

    BrokenBackups(PostgresCluster pg, PgdrillConfig cfg) {
        this.pg = pg;
        this.cfg = cfg;
        this.backups = new Catalog(cfg.catalogProfile()).backups();
    }

    /** A backup taken and recorded as the BackupWorkflow does. */
    static Manifest take(PgdrillConfig cfg) throws Exception {
        BackupStore backups = new Catalog(cfg.catalogProfile()).backups();
        String id = backups.reserve("production", "manual", Instant.now(), "wf-" + System.nanoTime());
        Manifest m = new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", id, "manual", 2, ProgressListener.NONE);
        backups.complete(m);
        return m;
    }

    Path dumpDir(Manifest m) {
        return backupDir(m).resolve("dump");
    }

    private Path backupDir(Manifest m) {
        return cfg.repository().path().resolve(m.profile()).resolve(m.backupId());
    }

    /** The healthy backup's files under a new id, then {@code damage} to its dump folder. */
    Manifest copy(Manifest healthy, FileDamage damage) throws Exception {
        Manifest m = record(healthy, n -> {});
        copyTree(backupDir(healthy), backupDir(m));
        damage.apply(dumpDir(m));
        return m;
    }

    /** The healthy backup's files under a new id, its catalog manifest edited. */
    Manifest withManifest(Manifest healthy, Consumer<ObjectNode> edit) throws Exception {
        Manifest m = record(healthy, edit);
        copyTree(backupDir(healthy), backupDir(m));
        return m;
    }

    /** The healthy backup restored in full, {@code damage} run there, dumped again under the healthy manifest. */
    Manifest redump(Manifest healthy, String... damage) throws Exception {
        pg.execute(
                "postgres",
                "DROP DATABASE IF EXISTS " + SCRATCH + " WITH (FORCE)",
                "CREATE DATABASE " + SCRATCH + " TEMPLATE template0");
        try {
            tool("pg_restore", "--dbname=" + SCRATCH, dumpDir(healthy).toString());
            pg.execute(SCRATCH, damage);
            String id = backups.reserve("production", "manual", healthy.startedAt(), "redump-" + System.nanoTime());
            Path dir = Files.createDirectories(
                    cfg.repository().path().resolve("production").resolve(id));
            tool("pg_dump", "--format=directory", "--file=" + dir.resolve("dump"), SCRATCH);
            ArrayNode files = Json.MAPPER.createArrayNode();
            long size = 0;
            for (Path f : list(dir.resolve("dump"))) {
                size += Files.size(f);
                files.addObject()
                        .put("path", dir.relativize(f).toString())
                        .put("sizeBytes", Files.size(f))
                        .put("sha256", sha256(f));
            }
            long total = size;
            return complete(healthy, id, n -> {
                n.set("files", files);
                n.put("sizeBytes", total);
            });
        } finally {
            pg.execute("postgres", "DROP DATABASE IF EXISTS " + SCRATCH + " WITH (FORCE)");
        }
    }

    private Manifest record(Manifest healthy, Consumer<ObjectNode> edit) {
        String id = backups.reserve("production", "manual", healthy.startedAt(), "copy-" + System.nanoTime());
        return complete(healthy, id, edit);
    }

    private Manifest complete(Manifest healthy, String id, Consumer<ObjectNode> edit) {
        ObjectNode n = Json.MAPPER.valueToTree(healthy);
        n.put("backupId", id);
        edit.accept(n);
        Manifest m = Json.MAPPER.convertValue(n, Manifest.class);
        backups.complete(m);
        return m;
    }

    /** check files → create → restore → verify → app checks → teardown (always), like the workflow. */
    List<CheckResult> drill(PgdrillConfig config, Manifest m) throws Exception {
        DatabaseProfile sandbox = config.profile("sandbox");
        String db = "pgdrill_drill_" + Long.toHexString(System.nanoTime()).substring(0, 8);
        List<CheckResult> checks = new ArrayList<>();
        checks.add(BackupFiles.checkBeforeRestore(
                backupDir(m), m, config.repository().encryptionKey(), ProgressListener.NONE));
        if (Verdicts.of(checks) == Verdict.FAIL) {
            return checks;
        }
        try {
            Sandboxes.create(sandbox, db, OWNER);
            Verdicts.addOrReplace(
                    checks,
                    new PgRestore(
                                    new PgTools(config.tools().pgBinDir()),
                                    WorkDir.forRoot(config.repository().workDir()))
                            .restore(
                                    backupDir(m),
                                    m,
                                    config.repository().encryptionKey(),
                                    sandbox,
                                    db,
                                    2,
                                    false,
                                    ProgressListener.NONE)
                            .check());
            try (Connection c = Connections.open(sandbox, db)) {
                checks.addAll(new VerificationActivitiesImpl(config).verify(c, m, sandbox, db, ProgressListener.NONE));
            }
            for (PgdrillConfig.AppCheck a : config.appChecks()) {
                checks.add(AppChecks.run(a, sandbox, db, config.repository().path()));
            }
            return checks;
        } finally {
            Sandboxes.drop(sandbox, db, OWNER);
        }
    }

    /** Plain {@code pg_restore} of the stored files into a fresh database: its exit code. */
    int plainRestore(Manifest m) throws Exception {
        pg.execute(
                "postgres", "DROP DATABASE IF EXISTS corpus_plain", "CREATE DATABASE corpus_plain TEMPLATE template0");
        try {
            return run("pg_restore", "--dbname=corpus_plain", dumpDir(m).toString());
        } finally {
            pg.execute("postgres", "DROP DATABASE IF EXISTS corpus_plain WITH (FORCE)");
        }
    }

    /** A checksum-only verify: every recorded file present with its recorded size and SHA-256; no key check. */
    boolean checksumsMatch(Manifest m) throws IOException {
        for (Manifest.FileEntry f : m.files()) {
            Path p = backupDir(m).resolve(f.path());
            if (!Files.exists(p) || Files.size(p) != f.sizeBytes() || !sha256(p).equals(f.sha256())) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    interface FileDamage {
        void apply(Path dumpDir) throws IOException;
    }

    /** The largest table data file of a dump folder (where a damaged byte hurts rows). */
    static Path largestDataFile(Path dumpDir) throws IOException {
        return list(dumpDir).stream()
                .filter(p -> p.getFileName().toString().matches("\\d+\\.dat.*"))
                .max(Comparator.comparingLong(p -> p.toFile().length()))
                .orElseThrow();
    }

    /** {@code pg_dump --format=F --file=out database}, as someone other than pgdrill would take it. */
    void pgDump(String database, String format, Path out) throws Exception {
        tool("pg_dump", "--format=" + format, "--file=" + out, database);
    }

    private void tool(String name, String... args) throws Exception {
        StringBuilder output = new StringBuilder();
        int exit = run(output, name, args);
        if (exit != 0) {
            throw new IllegalStateException(name + " exited " + exit + ": " + output);
        }
    }

    private int run(String name, String... args) throws Exception {
        return run(new StringBuilder(), name, args);
    }

    private int run(StringBuilder output, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                pg.binDir().resolve(name).toString(),
                "--host=" + PostgresCluster.HOST,
                "--port=" + pg.port(),
                "--username=" + PostgresCluster.SUPERUSER,
                "--no-password"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PGPASSWORD", PostgresCluster.SUPERUSER_PASSWORD);
        Process p = pb.start();
        output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " timed out");
        }
        return p.exitValue();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path f : list(from)) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(in.readAllBytes());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

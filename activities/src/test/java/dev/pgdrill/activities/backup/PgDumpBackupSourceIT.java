package dev.pgdrill.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.FailureType;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class PgDumpBackupSourceIT {
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private Path repo;

    PgDumpBackupSourceIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        SampleData.createSampleApp(pg, "app");
        repo = Files.createDirectories(dir.resolve("repo"));
    }

    private PgDumpBackupSource source(String extraYaml, Map<String, String> env) {
        String yaml = TestConfigs.yaml(pg, repo, "127.0.0.1:7233") + extraYaml;
        Map<String, String> all = new HashMap<>(TestConfigs.env());
        all.putAll(env);
        PgdrillConfig config = new ConfigLoader(all::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
        return new PgDumpBackupSource(config, Clock.systemUTC());
    }

    private PgDumpBackupSource source() {
        return source(
                "verification: { freshness: [ { table: public.projects, column: updated_at, maxAge: 2d } ] }\n",
                Map.of());
    }

    @Test
    void manifestCountsEqualCountStarAndFilesMatchTheirChecksums() throws Exception {
        Manifest m = source().create("production", "20260117T030000Z", "manual", 2, ProgressListener.NONE);

        assertThat(m.tables())
                .extracting(Manifest.TableEntry::name)
                .containsExactly("budgets", "organizations", "projects", "users");
        for (Manifest.TableEntry t : m.tables()) {
            assertThat(t.rowCount()).as(t.name()).isEqualTo(pg.count("app", t.schema() + "." + t.name()));
        }
        assertThat(m.tables())
                .filteredOn(t -> t.name().equals("projects"))
                .singleElement()
                .extracting(Manifest.TableEntry::rowCount)
                .isEqualTo(47L);
        assertThat(m.constraints()).extracting(Manifest.ConstraintEntry::type).contains("p", "f", "u", "c");
        assertThat(m.indexes()).extracting(Manifest.IndexEntry::name).contains("projects_org_idx");
        assertThat(m.sequences()).extracting(Manifest.SequenceEntry::name).contains("projects_id_seq");
        assertThat(m.sequences())
                .filteredOn(s -> s.name().equals("projects_id_seq"))
                .singleElement()
                .extracting(Manifest.SequenceEntry::lastValue)
                .isEqualTo(47L);
        assertThat(m.extensions()).extracting(Manifest.ExtensionEntry::name).contains("plpgsql");
        assertThat(m.freshness()).singleElement().satisfies(f -> {
            assertThat(f.table()).isEqualTo("public.projects");
            assertThat(f.maxValue()).isNotEmpty();
            assertThat(f.error()).isEmpty();
        });
        assertThat(m.serverVersion()).startsWith("15");
        assertThat(m.pgDumpVersion()).contains("pg_dump (PostgreSQL)");

        Path backup = repo.resolve("production/20260117T030000Z");
        assertThat(backup.resolve("manifest.json")).exists();
        assertThat(backup.resolve("dump/toc.dat")).exists();
        assertThat(m.files()).isNotEmpty();
        for (Manifest.FileEntry f : m.files()) {
            assertThat(sha256(backup.resolve(f.path()))).as(f.path()).isEqualTo(f.sha256());
        }
        assertThat(m.sizeBytes())
                .isEqualTo(m.files().stream()
                        .mapToLong(Manifest.FileEntry::sizeBytes)
                        .sum());
        try (Stream<Path> s = Files.list(repo.resolve("production"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("20260117T030000Z");
        }
        assertThat(restoreList(backup.resolve("dump"))).contains("TABLE DATA public projects");
    }

    @Test
    void checksumsAreStableForUnchangedDataAndChangeWithOneRow() throws Exception {
        PgDumpBackupSource s = source();
        Manifest first = s.create("production", "20260117T030000Z", "manual", 2, ProgressListener.NONE);
        Manifest second = s.create("production", "20260117T030001Z", "manual", 1, ProgressListener.NONE);
        assertThat(second.tableSummaries()).isEqualTo(first.tableSummaries());

        pg.execute("app", "UPDATE budgets SET amount_eur = amount_eur + 0.01 WHERE id = 7");
        Manifest third = s.create("production", "20260117T030002Z", "manual", 2, ProgressListener.NONE);
        assertThat(checksum(third, "budgets")).isNotEqualTo(checksum(first, "budgets"));
        assertThat(checksum(third, "projects")).isEqualTo(checksum(first, "projects"));
        assertThat(third.tables())
                .extracting(Manifest.TableEntry::rowCount)
                .isEqualTo(first.tables().stream()
                        .map(Manifest.TableEntry::rowCount)
                        .toList());
    }

    @Test
    void describesAPgbenchDatabaseExactly() throws Exception {
        SampleData.createPgbench(pg, "app", 1);
        Manifest m = source("", Map.of()).create("production", "20260117T040000Z", "manual", 2, ProgressListener.NONE);
        assertThat(m.tables())
                .extracting(Manifest.TableEntry::name)
                .containsExactly("pgbench_accounts", "pgbench_branches", "pgbench_history", "pgbench_tellers");
        assertThat(m.tables())
                .filteredOn(t -> t.name().equals("pgbench_accounts"))
                .singleElement()
                .extracting(Manifest.TableEntry::rowCount)
                .isEqualTo(100_000L);
        for (Manifest.TableEntry t : m.tables()) {
            assertThat(t.rowCount()).isEqualTo(pg.count("app", t.name()));
        }
    }

    @Test
    void encryptsEveryFileAndDecryptsOnlyWithTheRightKey() throws Exception {
        PgDumpBackupSource s = encrypted("correct horse battery staple");
        Manifest m = s.create("production", "20260117T050000Z", "manual", 2, ProgressListener.NONE);
        assertThat(m.encryption().enabled()).isTrue();
        assertThat(m.encryption().format()).isEqualTo(Manifest.Encryption.TINK_STREAMING);
        assertThat(m.files()).allSatisfy(f -> assertThat(f.path()).endsWith(".enc"));
        Path backup = repo.resolve("production/20260117T050000Z");
        try (Stream<Path> files = Files.walk(backup.resolve("dump"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString)).allMatch(p -> p.endsWith(".enc"));
        }
        for (Manifest.FileEntry f : m.files()) {
            assertThat(sha256(backup.resolve(f.path()))).isEqualTo(f.sha256());
        }

        assertThatThrownBy(() -> BackupKey.unlock("wrong key", m.encryption()))
                .isInstanceOf(BackupKey.WrongKeyException.class)
                .hasMessageContaining("does not match");
        SecretKey key = BackupKey.unlock("correct horse battery staple", m.encryption());
        Path plain = Files.createDirectories(dir.resolve("decrypted"));
        for (Manifest.FileEntry f : m.files()) {
            Path enc = backup.resolve(f.path());
            Path out = plain.resolve(enc.getFileName().toString().replaceFirst("\\.enc$", ""));
            try (InputStream in = Files.newInputStream(enc);
                    OutputStream o = Files.newOutputStream(out)) {
                FileCipher.forBackup(m.encryption(), key).decrypt(in, o, f.path());
            }
        }
        assertThat(restoreList(plain)).contains("TABLE DATA public budgets");
    }

    @Test
    void aWriteErrorMidDumpLeavesNoBackupBehind() throws Exception {
        // The real pg_dump under a 64 KiB file-size limit: its writes fail with EFBIG ("File too large"),
        // the same path as a full disk. SIGXFSZ is ignored so pg_dump sees the error instead of dying.
        SampleData.createPgbench(pg, "app", 1);
        Path bin = wrapperBin("trap '' XFSZ; ulimit -f 64; exec " + pg.binDir().resolve("pg_dump") + " \"$@\"");
        PgDumpBackupSource s = source("tools: { pgBinDir: \"" + bin + "\" }\n", Map.of());
        assertThatThrownBy(() -> s.create("production", "20260117T060000Z", "manual", 2, ProgressListener.NONE))
                .isInstanceOf(ActivityException.class)
                .hasMessageContaining("ran out of space during pg_dump")
                .satisfies(e -> assertThat(((ActivityException) e).type()).isEqualTo(FailureType.REPOSITORY))
                .satisfies(e -> assertThat(((ActivityException) e).retryable()).isFalse());
        try (Stream<Path> left = Files.list(repo.resolve("production"))) {
            assertThat(left).as("no temporary or sealed folder survives").isEmpty();
        }
    }

    @Test
    void refusesAPgDumpOlderThanTheServer() throws Exception {
        Path bin = wrapperBin("echo 'pg_dump (PostgreSQL) 12.9'");
        PgDumpBackupSource s = source("tools: { pgBinDir: \"" + bin + "\" }\n", Map.of());
        assertThatThrownBy(() -> s.create("production", "20260117T070000Z", "manual", 2, ProgressListener.NONE))
                .isInstanceOf(ActivityException.class)
                .hasMessageContaining("pg_dump 12")
                .hasMessageContaining("older than the server (15)");
    }

    @Test
    void namesAMissingPgDump() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("emptybin"));
        PgDumpBackupSource s = source("tools: { pgBinDir: \"" + empty + "\" }\n", Map.of());
        assertThatThrownBy(() -> s.create("production", "20260117T070000Z", "manual", 2, ProgressListener.NONE))
                .hasMessageContaining("pg_dump not found in tools.pgBinDir");
    }

    @Test
    void classifiesDatabaseFailures() throws Exception {
        pg.execute("postgres", "DROP DATABASE IF EXISTS app WITH (FORCE)");
        assertThatThrownBy(() -> source().create("production", "20260117T080000Z", "manual", 2, ProgressListener.NONE))
                .isInstanceOf(ActivityException.class)
                .hasMessageContaining("database \"app\" does not exist")
                .satisfies(e -> assertThat(((ActivityException) e).retryable())
                        .as("a missing database stays missing")
                        .isFalse());
        assertThatThrownBy(() -> source().create("nope", "20260117T080000Z", "manual", 2, ProgressListener.NONE))
                .hasMessageContaining("unknown database profile 'nope'");
    }

    @Test
    void refusesAMissingRepository() throws Exception {
        Files.delete(repo);
        assertThatThrownBy(() -> source().create("production", "20260117T090000Z", "manual", 2, ProgressListener.NONE))
                .isInstanceOf(ActivityException.class)
                .hasMessageContaining("does not exist or is not a directory");
    }

    @Test
    void aRetryStartsCleanAndASealedBackupIsNotRedone() throws Exception {
        Path stale = Files.createDirectories(repo.resolve("production/.tmp-20260117T100000Z/dump"));
        Files.writeString(stale.resolve("half-written.dat.gz"), "garbage from a killed worker");
        PgDumpBackupSource s = source();
        Manifest m = s.create("production", "20260117T100000Z", "manual", 2, ProgressListener.NONE);
        assertThat(repo.resolve("production/.tmp-20260117T100000Z")).doesNotExist();
        assertThat(m.files()).extracting(Manifest.FileEntry::path).noneMatch(p -> p.contains("half-written"));

        pg.execute("app", "DELETE FROM budgets");
        Manifest again = s.create("production", "20260117T100000Z", "manual", 2, ProgressListener.NONE);
        assertThat(again).as("the sealed backup is returned, not taken again").isEqualTo(m);
    }

    @Test
    void aMisconfiguredFreshnessColumnIsRecordedNotFatal() throws Exception {
        Manifest m = source("verification: { freshness: [ { table: projects, column: no_such_column } ] }\n", Map.of())
                .create("production", "20260117T110000Z", "manual", 2, ProgressListener.NONE);
        assertThat(m.freshness()).singleElement().satisfies(f -> assertThat(f.error())
                .contains("no_such_column"));
        assertThat(m.tables()).hasSize(4);
    }

    private Path wrapperBin(String pgDumpBody) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin-" + System.nanoTime()));
        Path script = bin.resolve("pg_dump");
        Files.writeString(
                script,
                "#!/bin/bash\n"
                        + "if [ \"$1\" = --version ]; then exec " + pg.binDir().resolve("pg_dump") + " --version; fi\n"
                        + pgDumpBody + "\n");
        if (pgDumpBody.startsWith("echo")) {
            Files.writeString(script, "#!/bin/bash\n" + pgDumpBody + "\n");
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private PgDumpBackupSource encrypted(String key) {
        String yaml = TestConfigs.yaml(pg, repo, "127.0.0.1:7233")
                .replace(
                        "repository: { path: \"" + repo + "\" }",
                        "repository: { path: \"" + repo + "\", encryptionKey: \"${BACKUP_KEY}\" }");
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("BACKUP_KEY", key);
        return new PgDumpBackupSource(
                new ConfigLoader(env::get)
                        .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir),
                Clock.systemUTC());
    }

    private static String checksum(Manifest m, String table) {
        return m.tables().stream()
                .filter(t -> t.name().equals(table))
                .findFirst()
                .orElseThrow()
                .checksum();
    }

    private String restoreList(Path dumpDir) throws Exception {
        Process p = new ProcessBuilder(pg.binDir().resolve("pg_restore").toString(), "-l", dumpDir.toString())
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out.toString()).isZero();
        return out.toString();
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}

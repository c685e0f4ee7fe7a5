package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The file's place in the backup is authenticated: checksums alone can be made to match, decryption not. */
@ExtendWith(PostgresExtension.class)
class EncryptedRestoreIT {
    private static final String BACKUP_ID = "20260117T050000Z";
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    EncryptedRestoreIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @Test
    void swappedFilesFailTheRestoreWithAnEncryptionErrorEvenWhenTheManifestChecksumsMatch() throws Exception {
        SampleData.createSampleApp(pg, "app");
        PgdrillConfig cfg = encryptedConfig("drill key");
        Manifest m = new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", BACKUP_ID, "manual", 2, ProgressListener.NONE);
        Path backupDir = cfg.repository().path().resolve("production").resolve(BACKUP_ID);
        List<Manifest.FileEntry> data = m.files().stream()
                .filter(f -> f.path().matches("dump/\\d+\\.dat.*"))
                .toList();
        Path a = backupDir.resolve(data.get(0).path());
        Path b = backupDir.resolve(data.get(1).path());
        Path t = a.resolveSibling("swap.tmp");
        Files.move(a, t);
        Files.move(b, a);
        Files.move(t, b, StandardCopyOption.ATOMIC_MOVE);
        Manifest doctored =
                withChecksumsSwapped(m, data.get(0).path(), data.get(1).path());

        assertThat(BackupFiles.check(backupDir, doctored, cfg.repository().encryptionKey(), ProgressListener.NONE)
                        .status())
                .as("sizes and SHA-256 match the doctored manifest")
                .isEqualTo(CheckStatus.PASS);
        PgRestore restore = new PgRestore(
                new PgTools(cfg.tools().pgBinDir()),
                WorkDir.forRoot(cfg.repository().workDir()));
        assertThatThrownBy(() -> restore.restore(
                        backupDir,
                        doctored,
                        cfg.repository().encryptionKey(),
                        cfg.profile("sandbox"),
                        "pgdrill_drill_swapped",
                        1,
                        false,
                        ProgressListener.NONE))
                .isInstanceOf(ActivityException.class)
                .hasMessageContaining("authentication failed at chunk 0")
                .satisfies(e -> assertThat(((ActivityException) e).type()).isEqualTo(FailureType.ENCRYPTION));
        assertThat(WorkDir.forRoot(cfg.repository().workDir()).dir())
                .as("no plaintext left")
                .isEmptyDirectory();
    }

    private static Manifest withChecksumsSwapped(Manifest m, String first, String second) throws Exception {
        ObjectNode tree = Json.MAPPER.valueToTree(m);
        ObjectNode one = null;
        ObjectNode two = null;
        for (JsonNode f : tree.withArray("files")) {
            if (f.get("path").asText().equals(first)) {
                one = (ObjectNode) f;
            } else if (f.get("path").asText().equals(second)) {
                two = (ObjectNode) f;
            }
        }
        for (String field : List.of("sizeBytes", "sha256")) {
            JsonNode v = one.get(field);
            one.set(field, two.get(field));
            two.set(field, v);
        }
        return Json.MAPPER.treeToValue(tree, Manifest.class);
    }

    private PgdrillConfig encryptedConfig(String key) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String yaml = TestConfigs.yaml(pg, repo, "x:1")
                .replace(
                        "repository: { path: \"" + repo + "\" }",
                        "repository: { path: \"" + repo + "\", encryptionKey: \"${K}\", workDir: work }");
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("K", key);
        return new ConfigLoader(env::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
    }
}

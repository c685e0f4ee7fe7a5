package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed approvals from the real CLI: `approver keygen` makes bob's key, the configuration requires
 * signatures, an unsigned approval and one signed with another key are refused, bob's signed one restores.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class SignedApprovalIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESTORE = "emergency-restore-production";
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    SignedApprovalIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @Test
    void withSignaturesRequiredOnlyBobsSignedApprovalRestoresProduction() throws Exception {
        endAnyRestoreLeftRunning();
        for (String db : pg.databasesLike("app\\_\\_%")) {
            pg.execute("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));

        Pgdrill.Result bobKey = pgdrill.cli(
                "approver",
                "keygen",
                "--name",
                "bob",
                "--out",
                dir.resolve("keys/bob.key").toString(),
                "--json");
        assertThat(bobKey.exitCode()).as(bobKey.all()).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/bob.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Pgdrill.Result malloryKey = pgdrill.cli(
                "approver",
                "keygen",
                "--name",
                "mallory",
                "--out",
                dir.resolve("keys/mallory.key").toString());
        assertThat(malloryKey.exitCode()).as(malloryKey.all()).isZero();
        String publicKey = JSON.readTree(bobKey.stdout()).get("publicKey").asText();
        String yaml = TestConfigs.yaml(pg, repo, temporal.address())
                .replace(
                        "approval: { phrase: RESTORE PRODUCTION, approvers: [alice, bob], timeout: 1h }",
                        "approval: { phrase: RESTORE PRODUCTION, approvers: [alice, bob], timeout: 1h,"
                                + " signatures: required, keys: { bob: \"" + publicKey + "\", alice: \"" + publicKey
                                + "\" } }");
        assertThat(yaml).contains("signatures: required");
        String config = TestConfigs.write(yaml, dir).toString();
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();

        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("EmergencyRestoreWorkflow"), Duration.ofSeconds(60));
            assertThat(pgdrill.cli("backup", "run", "--config", config, "--wait")
                            .exitCode())
                    .isZero();
            pg.execute("app", "DELETE FROM budgets WHERE id <= 10");
            Pgdrill.Result started = pgdrill.cli(
                    "restore",
                    "start",
                    "--config",
                    config,
                    "--target",
                    "production",
                    "--requested-by",
                    "carol",
                    "--reason",
                    "budgets deleted",
                    "--json");
            assertThat(started.exitCode()).as(started.all()).isZero();
            awaitStep(config, "AWAITING_APPROVAL");

            Pgdrill.Result unsigned = approve(config);
            assertThat(unsigned.exitCode()).isEqualTo(1);
            assertThat(unsigned.stderr()).contains("unsigned approval is refused");
            Pgdrill.Result forged =
                    approve(config, "--key", dir.resolve("keys/mallory.key").toString());
            assertThat(forged.exitCode()).isEqualTo(1);
            assertThat(forged.stderr()).contains("does not verify");
            Pgdrill.Result signed =
                    approve(config, "--key", dir.resolve("keys/bob.key").toString());
            assertThat(signed.exitCode()).as(signed.all()).isZero();

            awaitStep(config, "DONE");
            assertThat(pg.count("app", "budgets")).as("the lost rows are back").isEqualTo(47);
            JsonNode restores = JSON.readTree(pgdrill.cli("restores", "list", "--config", config, "--json")
                    .stdout());
            assertThat(restores.get(0).get("outcome").asText()).isEqualTo("RESTORED");
            assertThat(restores.get(0).get("decisions").get(0).get("detail").asText())
                    .contains("signed");
            assertThat(worker.output()).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        }
    }

    private Pgdrill.Result approve(String config, String... more) throws Exception {
        String[] base = {
            "restore", "approve", RESTORE, "--config", config, "--approver", "bob", "--phrase", "RESTORE PRODUCTION"
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return pgdrill.cli(args);
    }

    private void awaitStep(String config, String step) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Pgdrill.Result r = pgdrill.cli("restore", "status", RESTORE, "--config", config, "--json");
            // exit 1 is a restore that ended without restoring production: its JSON is still the status
            if (r.exitCode() <= 1 && r.stdout().contains("\"workflowId\"")) {
                last = r.stdout();
                if (JSON.readTree(last).get("step").asText().equals(step)) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("restore never reached " + step + "; last status: " + last);
    }

    private void endAnyRestoreLeftRunning() {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        try {
            WorkflowClient.newInstance(stubs).newUntypedWorkflowStub(RESTORE).terminate("test setup");
        } catch (RuntimeException notRunning) {
            // nothing to end
        } finally {
            stubs.shutdownNow();
        }
    }
}

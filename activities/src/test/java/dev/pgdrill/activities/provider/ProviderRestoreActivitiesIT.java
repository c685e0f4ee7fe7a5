package dev.pgdrill.activities.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.activities.source.SupabaseSource;
import dev.pgdrill.core.catalog.AuditRecord;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ProviderRestoreCall;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider-native restore's activities against MockWebServer (Supabase's documented answers) and a real
 * catalog and project database: one restore request per run whatever happens to the attempts, the refusals typed,
 * and the project checked against the pre-restore snapshot's manifest.
 */
@ExtendWith(PostgresExtension.class)
class ProviderRestoreActivitiesIT {
    private static final String REF = "abcdefghijklmnopqrst";
    private static final String TOKEN = "sbp_0123456789abcdef0123456789abcdef01234567";
    private static final Instant TARGET = Instant.parse("2026-02-02T02:40:00Z");

    private final PostgresCluster pg;
    private final MockWebServer api = new MockWebServer();
    private PgdrillConfig config;
    private Catalog catalog;
    private ProviderRestoreActivitiesImpl activities;

    @TempDir
    Path dir;

    ProviderRestoreActivitiesIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        api.start(InetAddress.getLoopbackAddress(), 0);
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        String project = "  project: { role: production, host: " + PostgresCluster.HOST + ", port: " + pg.port()
                + ", database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\",\n"
                + "             source: { kind: supabase, projectRef: " + REF + ", accessToken: \"${SUPA_TOKEN}\","
                + " apiUrl: \"" + api.url("/") + "\" } }\n";
        String yaml = TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("repo")), "x:1")
                .replace("databases:\n", "databases:\n" + project);
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("SUPA_TOKEN", TOKEN);
        config = new ConfigLoader(env::get).parse(yaml, "pgdrill.yaml", dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        catalog = new Catalog(config.catalogProfile());
        activities = new ProviderRestoreActivitiesImpl(config, new SupabaseSource(config));
    }

    @AfterEach
    void tearDown() throws Exception {
        api.shutdown();
    }

    private static ProviderRestoreCall call(String restoreId) {
        return new ProviderRestoreCall(
                "project", restoreId, new ProviderRestorePlan(ProviderRestorePlan.PITR, TARGET, "in the window"));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private List<String> requests(String restoreId) {
        return catalog.audit().trail(restoreId).stream()
                .map(AuditRecord::action)
                .toList();
    }

    @Test
    void aRestoreIsSentOnceWhenTheActivityRunsAgain() throws Exception {
        api.enqueue(new MockResponse().setResponseCode(201));

        assertThat(activities.requestRestore(call("r1"))).contains("accepted");
        assertThat(activities.requestRestore(call("r1")))
                .contains("already requested")
                .contains("not sent again");

        assertThat(api.getRequestCount()).isEqualTo(1);
        assertThat(api.takeRequest().getBody().readUtf8()).isEqualTo("{\"recovery_time_target_unix\":1770000000}");
        assertThat(requests("r1"))
                .containsExactly(ProviderRestoreActivitiesImpl.SENDING, ProviderRestoreActivitiesImpl.SENT);
    }

    @Test
    void anAnswerThatMayHaveStartedTheRestoreIsNeverFollowedByASecondRequest() {
        api.enqueue(json(500, "{\"message\":\"Internal Server Error\"}"));
        api.enqueue(new MockResponse().setResponseCode(201)); // would be a second restore, with downtime

        assertThatThrownBy(() -> activities.requestRestore(call("r2")))
                .isInstanceOfSatisfying(ApplicationFailure.class, e -> assertThat(e.isNonRetryable())
                        .isFalse());
        assertThat(activities.requestRestore(call("r2")))
                .contains("already requested")
                .contains("not sent again");

        assertThat(api.getRequestCount()).isEqualTo(1);
        assertThat(requests("r2")).containsExactly(ProviderRestoreActivitiesImpl.SENDING);
    }

    @Test
    void refusalsAreTypedNameTheTokenByItsReferenceAndLeaveTheRequestFreeToBeSent() {
        api.enqueue(json(400, "{\"message\":\"PITR is not enabled for this project.\"}"));
        api.enqueue(json(422, "{\"message\":\"recovery_time_target_unix is out of range\"}"));
        api.enqueue(json(401, "{\"message\":\"Unauthorized\"}"));
        api.enqueue(json(403, "{\"message\":\"Forbidden resource\"}"));
        api.enqueue(new MockResponse().setResponseCode(201));

        Map<Integer, String> expected = Map.of(
                0, "point-in-time recovery is not enabled for this project",
                1, "the target time is outside the project's recovery window",
                2, "the access token ${SUPA_TOKEN} was refused",
                3, "the access token ${SUPA_TOKEN} may not do this on project '" + REF + "'");
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> activities.requestRestore(call("r3")))
                    .isInstanceOfSatisfying(ApplicationFailure.class, e -> {
                        assertThat(e.getType()).isEqualTo(FailureType.SOURCE_REJECTED.type());
                        assertThat(e.isNonRetryable()).isTrue();
                    })
                    .hasMessageContaining(expected.get(i))
                    .hasMessageNotContaining(TOKEN);
        }
        assertThat(activities.requestRestore(call("r3"))).contains("accepted");
        assertThat(api.getRequestCount()).isEqualTo(5);
        assertThat(requests("r3").stream().collect(Collectors.groupingBy(a -> a, Collectors.counting())))
                .containsEntry(ProviderRestoreActivitiesImpl.NOT_SENT, 4L)
                .containsEntry(ProviderRestoreActivitiesImpl.SENT, 1L);
    }

    @Test
    void theRestoredProjectIsCheckedAgainstTheSnapshotsStructureAndItsCountsReported() throws Exception {
        String id = catalog.backups().reserve("project", "pre-restore", Instant.now(), "wf-snapshot");
        Manifest m = new PgDumpBackupSource(config, Clock.systemUTC())
                .create("project", id, "pre-restore", 2, ProgressListener.NONE);
        catalog.backups().complete(m);
        long budgets = pg.count("app", "budgets");
        pg.execute("app", "DELETE FROM budgets WHERE id % 2 = 0"); // the restore brought back earlier data

        List<CheckResult> checks =
                activities.verifyProject(new BackupRef("project", id), "project", ProgressListener.NONE);
        assertThat(checks).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
        assertThat(checks)
                .filteredOn(c -> c.name().equals("row_counts"))
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("public.budgets " + budgets + " → "));

        pg.execute("app", "DROP TABLE budgets");
        List<CheckResult> after =
                activities.verifyProject(new BackupRef("project", id), "project", ProgressListener.NONE);
        assertThat(after)
                .filteredOn(c -> c.status() == CheckStatus.FAIL)
                .extracting(CheckResult::name)
                .contains("tables_exist");
    }
}

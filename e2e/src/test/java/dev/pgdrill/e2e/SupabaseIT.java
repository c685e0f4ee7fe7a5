package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Supabase profile end to end: its backups listed live from the Management API (MockWebServer answering as
 * the API documents), then pgdrill's own logical copy of the project's database drilled into a sandbox. The
 * project's database is a second real cluster with Supabase's roles, auth and storage schemas, grants and
 * policies to those roles; the sandbox's cluster has none of the roles, as on any server but Supabase's.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class SupabaseIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF = "abcdefghijklmnopqrst";
    private static final String TOKEN = "sbp_0123456789abcdef0123456789abcdef01234567";
    private static final String BACKUPS = """
            {"region":"us-east-1","walg_enabled":true,"pitr_enabled":false,
             "backups":[{"id":311,"is_physical_backup":false,"status":"COMPLETED","inserted_at":"2026-02-07 04:00:02"},
                        {"id":312,"is_physical_backup":false,"status":"PENDING","inserted_at":"2026-02-08T04:00:05Z"}],
             "physical_backup_data":{}}""";

    /** {@code GET /v1/projects/{ref}} as the API answers it (V1ProjectWithDatabaseResponse). */
    private static final String PROJECT = """
            {"id":"%s","organization_id":"vrtgpqmnxlkzadbcefgh","name":"app","region":"us-east-1",
             "created_at":"2025-11-02T09:14:55.123456Z",
             "database":{"host":"db.%s.supabase.co","version":"15.8.1.085","postgres_engine":"15",
                         "release_channel":"ga"},
             "status":"%s"}""";

    /** Whether the project has point-in-time recovery (the list's pitr_enabled and window). */
    private volatile boolean pitr;
    /** The statuses GET /v1/projects/{ref} answers in turn; the last one stays. */
    private final Deque<String> statuses = new ConcurrentLinkedDeque<>(List.of("ACTIVE_HEALTHY"));

    private final List<String> restoreBodies = new CopyOnWriteArrayList<>();
    /** How restore-pitr answers: 201 (the restore starts) or a refusal as the API words it. */
    private volatile MockResponse refusal;

    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final MockWebServer api = new MockWebServer();
    private PostgresCluster project;
    private Pgdrill pgdrill;
    private String config;

    @TempDir
    Path dir;

    SupabaseIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void setUp() throws Exception {
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (!("Bearer " + TOKEN).equals(r.getHeader("Authorization"))) {
                    return json(401, "{\"message\":\"Unauthorized\"}");
                }
                String base = "/v1/projects/" + REF;
                if ((base + "/database/backups").equals(r.getPath())) {
                    return json(200, pitr ? pitrBackups() : BACKUPS);
                }
                if (base.equals(r.getPath()) && "GET".equals(r.getMethod())) {
                    String status = statuses.size() > 1 ? statuses.poll() : statuses.peek();
                    return json(200, PROJECT.formatted(REF, REF, status));
                }
                if ((base + "/database/backups/restore-pitr").equals(r.getPath()) && "POST".equals(r.getMethod())) {
                    restoreBodies.add(r.getBody().readUtf8());
                    return refusal != null ? refusal : restorePitr();
                }
                return json(404, "{\"message\":\"Not Found\"}");
            }
        });
        api.start(InetAddress.getLoopbackAddress(), 0);
        project = PostgresCluster.start();
        supabaseLikeProject();
        pg.createDatabase("pgdrill_catalog");
        pg.createDatabase("app"); // the configuration's other production profile: doctor checks it too
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String profile = "  project: { role: production, host: " + PostgresCluster.HOST + ", port: " + project.port()
                + ", database: supa, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\",\n"
                + "             source: { kind: supabase, projectRef: " + REF
                + ", accessToken: \"${SUPABASE_ACCESS_TOKEN}\","
                + " apiUrl: \"" + api.url("/") + "\" } }\n";
        String yaml = TestConfigs.yaml(pg, repo, temporal.address()).replace("databases:\n", "databases:\n" + profile);
        config = TestConfigs.write(yaml, dir).toString();
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("SUPABASE_ACCESS_TOKEN", TOKEN);
        pgdrill = new Pgdrill(env);
        Pgdrill.Result migrated = pgdrill.cli("doctor", "--config", config, "--migrate");
        assertThat(migrated.exitCode()).as(migrated.all()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        api.shutdown();
        if (project != null) {
            project.close();
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setHeader("X-RateLimit-Limit", "120")
                .setHeader("X-RateLimit-Remaining", "119")
                .setHeader("X-RateLimit-Reset", "60")
                .setBody(body);
    }

    /** PITR enabled: the window runs from a day ago to now (whole seconds), as physical_backup_data says. */
    private static String pitrBackups() {
        long now = Instant.now().getEpochSecond();
        return """
                {"region":"us-east-1","walg_enabled":true,"pitr_enabled":true,"backups":[],
                 "physical_backup_data":{"earliest_physical_backup_date_unix":%d,
                                         "latest_physical_backup_date_unix":%d}}""".formatted(now - 86_400, now);
    }

    /**
     * Supabase's restore-pitr, played on the real cluster: the project's database becomes the copy taken at the
     * target time ({@code supa_at_target}), and the status goes RESTORING → COMING_UP → ACTIVE_HEALTHY.
     */
    private MockResponse restorePitr() {
        project.execute("postgres", "DROP DATABASE supa WITH (FORCE)", "ALTER DATABASE supa_at_target RENAME TO supa");
        statuses.clear();
        statuses.addAll(List.of("RESTORING", "RESTORING", "COMING_UP", "ACTIVE_HEALTHY"));
        return new MockResponse().setResponseCode(201);
    }

    /**
     * The project as it was at the target time kept aside (what Supabase's WAL would give back), then the incident:
     * a bad migration deletes the done todos. Returns the target time.
     */
    private Instant copyAtTargetThenLoseRows() throws InterruptedException {
        project.execute("postgres", "CREATE DATABASE supa_at_target TEMPLATE supa");
        Instant target = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1_000); // the incident happens after the target second
        project.execute("supa", "DELETE FROM public.todos WHERE done");
        return target;
    }

    private String startRestore(Instant incident) throws Exception {
        Pgdrill.Result started = pgdrill.cli(
                "restore",
                "start",
                "--config",
                config,
                "--target",
                "project",
                "--incident-time",
                incident.toString(),
                "--requested-by",
                "carol",
                "--reason",
                "todos deleted by a bad migration",
                "--json");
        assertThat(started.exitCode()).as(started.all()).isZero();
        return JSON.readTree(started.stdout()).get("workflowId").asText();
    }

    private JsonNode await(String id, Set<String> states) throws Exception {
        return EmergencyFixture.awaitStatus(pgdrill, config, id, states, Duration.ofSeconds(150));
    }

    /** What a Supabase project's database looks like to pg_dump: platform roles, auth and storage, policies. */
    private void supabaseLikeProject() {
        project.execute(
                "postgres",
                "CREATE ROLE anon NOLOGIN",
                "CREATE ROLE authenticated NOLOGIN",
                "CREATE ROLE service_role NOLOGIN BYPASSRLS",
                "CREATE ROLE supabase_admin NOLOGIN",
                "CREATE ROLE supabase_auth_admin NOLOGIN",
                "CREATE ROLE supabase_storage_admin NOLOGIN",
                "CREATE DATABASE supa");
        project.execute(
                "supa",
                "CREATE SCHEMA auth AUTHORIZATION supabase_auth_admin",
                "CREATE TABLE auth.users (id uuid PRIMARY KEY, email text UNIQUE, created_at timestamptz NOT NULL"
                        + " DEFAULT now())",
                "ALTER TABLE auth.users OWNER TO supabase_auth_admin",
                "CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS"
                        + " $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$",
                "GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role",
                "CREATE SCHEMA storage AUTHORIZATION supabase_storage_admin",
                "CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, public boolean DEFAULT false)",
                "CREATE TABLE storage.objects (id uuid PRIMARY KEY, bucket_id text REFERENCES storage.buckets,"
                        + " name text, owner uuid REFERENCES auth.users)",
                "ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY objects_owner ON storage.objects FOR ALL TO authenticated USING (owner = auth.uid())",
                "CREATE TABLE public.todos (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " user_id uuid NOT NULL REFERENCES auth.users, task text NOT NULL, done boolean DEFAULT false)",
                "ALTER TABLE public.todos ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY todos_select ON public.todos FOR SELECT TO authenticated USING (user_id = auth.uid())",
                "CREATE POLICY todos_service ON public.todos FOR ALL TO service_role, supabase_admin USING (true)",
                "CREATE POLICY todos_public_count ON public.todos FOR SELECT TO PUBLIC USING (done)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON public.todos TO authenticated, service_role",
                "GRANT SELECT ON public.todos TO anon",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role",
                "INSERT INTO auth.users (id, email) SELECT md5(i::text)::uuid, 'user' || i || '@example.com'"
                        + " FROM generate_series(1, 50) i",
                "INSERT INTO storage.buckets VALUES ('avatars', 'avatars', true)",
                "INSERT INTO storage.objects SELECT md5('o' || i)::uuid, 'avatars', 'a' || i || '.png',"
                        + " md5(i::text)::uuid FROM generate_series(1, 50) i",
                "INSERT INTO public.todos (user_id, task, done) SELECT md5((i % 50 + 1)::text)::uuid, 'task ' || i,"
                        + " i % 3 = 0 FROM generate_series(1, 300) i");
    }

    @Test
    void listsTheProjectsBackupsLiveAndDrillsItsLogicalCopyToPass() throws Exception {
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("serving task queue"), Duration.ofSeconds(60));

            Pgdrill.Result listed =
                    pgdrill.cli("backups", "list", "--config", config, "--database", "project", "--json");
            assertThat(listed.exitCode()).as(listed.all()).isZero();
            JsonNode backups = JSON.readTree(listed.stdout());
            assertThat(backups).extracting(b -> b.get("id").asText()).containsExactly("312", "311");
            assertThat(backups).extracting(b -> b.get("status").asText()).containsExactly("PENDING", "COMPLETED");
            assertThat(backups.get(1).get("startedAt").asText()).isEqualTo("2026-02-07T04:00:02Z");
            Pgdrill.Result text = pgdrill.cli("backups", "list", "--config", config, "--database", "project");
            assertThat(text.stdout()).contains("311").contains("listed live from its supabase source");
            assertThat(text.all()).doesNotContain(TOKEN);

            Pgdrill.Result backup =
                    pgdrill.cli("backup", "run", "--config", config, "--database", "project", "--wait", "--json");
            assertThat(backup.exitCode()).as(backup.all()).isZero();

            Pgdrill.Result drill = pgdrill.cli(
                    "drill", "run", "--config", config, "--database", "project", "--latest", "--wait", "--json");
            assertThat(drill.exitCode()).as(drill.all()).isZero();
            JsonNode r = JSON.readTree(drill.stdout());
            assertThat(r.get("verdict").asText()).isEqualTo("PASS");
            Map<String, JsonNode> checks = new HashMap<>();
            r.get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
            assertThat(checks.get("restore").get("status").asText()).isEqualTo("PASS");
            assertThat(checks.get("row_counts").get("status").asText()).isEqualTo("PASS");
            assertThat(checks.get("rls").get("status").asText()).isEqualTo("PASS");
            JsonNode roles = checks.get("provider_roles");
            assertThat(roles.get("status").asText()).isEqualTo("SKIP");
            assertThat(roles.get("detail").asText())
                    .contains("authenticated, service_role, supabase_admin")
                    .contains("public.todos policy todos_select")
                    .contains("storage.objects policy objects_owner")
                    .doesNotContain("todos_public_count");
            assertThat(checks.get("acls").get("status").asText()).isEqualTo("SKIP");

            assertThat(pg.pgdrillDatabases()).as("sandboxes left behind").isEmpty();
            assertThat(project.pgdrillDatabases())
                    .as("nothing made on the project's server")
                    .isEmpty();
            assertThat(api.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void aPointInTimeRestoreAfterAVerifiedSnapshotAndAnApprovalBringsBackTheLostRows() throws Exception {
        pitr = true;
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("serving task queue"), Duration.ofSeconds(60));
            Instant target = copyAtTargetThenLoseRows();
            assertThat(project.count("supa", "public.todos")).isEqualTo(200);

            String id = startRestore(target);
            JsonNode waiting = await(id, Set.of("AWAITING_APPROVAL", "FAILED", "COMPLETED"));
            assertThat(waiting.get("step").asText()).as(waiting.toString()).isEqualTo("AWAITING_APPROVAL");
            assertThat(restoreBodies)
                    .as("nothing asked of Supabase before the approval")
                    .isEmpty();
            Pgdrill.Result approved = pgdrill.cli(
                    "restore",
                    "approve",
                    id,
                    "--config",
                    config,
                    "--approver",
                    "bob",
                    "--phrase",
                    "RESTORE PRODUCTION");
            assertThat(approved.exitCode()).as(approved.all()).isZero();
            JsonNode done = await(id, Set.of("COMPLETED", "FAILED"));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("outcome").asText()).isEqualTo("RESTORED");

            assertThat(restoreBodies)
                    .containsExactly("{\"recovery_time_target_unix\":" + target.getEpochSecond() + "}");
            assertThat(project.count("supa", "public.todos")).isEqualTo(300);
            Pgdrill.Result shown =
                    pgdrill.cli("restores", "show", done.get("restoreId").asText(), "--config", config, "--json");
            JsonNode incident = JSON.readTree(shown.stdout()).get("incident");
            assertThat(incident.get("backupId").asText()).isEqualTo("pitr@" + target);
            assertThat(incident.get("preRestoreBackupId").asText()).isNotEmpty();
            assertThat(incident.get("attempts").get(0).get("verdict").asText()).isEqualTo("PASS");
            assertThat(shown.stdout())
                    .contains("RESTORING → COMING_UP → ACTIVE_HEALTHY")
                    .contains("public.todos 200 → 300");
            assertThat(pg.pgdrillDatabases())
                    .as("the staging copy of the snapshot is dropped")
                    .isEmpty();
            assertThat(worker.output()).doesNotContain(TOKEN);
            assertThat(shown.all()).doesNotContain(TOKEN);
        }
    }

    @Test
    void withoutPitrARejectionOrA422TheProjectIsUntouched() throws Exception {
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("serving task queue"), Duration.ofSeconds(60));
            Instant target = copyAtTargetThenLoseRows();

            String first = startRestore(target);
            JsonNode refused = await(first, Set.of("COMPLETED", "FAILED"));
            assertThat(refused.get("status").asText()).as(refused.toString()).isEqualTo("FAILED");
            Pgdrill.Result shown = pgdrill.cli("restores", "list", "--target", "project", "--config", config, "--json");
            assertThat(shown.stdout())
                    .contains("point-in-time recovery is not enabled")
                    .contains("newest COMPLETED backup before the incident is 311")
                    .contains("nothing was requested from Supabase");

            pitr = true;
            String second = startRestore(target);
            await(second, Set.of("AWAITING_APPROVAL"));
            Pgdrill.Result rejected = pgdrill.cli(
                    "restore", "reject", second, "--config", config, "--approver", "alice", "--reason", "wrong time");
            assertThat(rejected.exitCode()).as(rejected.all()).isZero();
            JsonNode done = await(second, Set.of("COMPLETED", "FAILED"));
            assertThat(done.get("outcome").asText()).as(done.toString()).isEqualTo("REJECTED");

            assertThat(restoreBodies).as("no restore request").isEmpty();

            // Supabase refuses the request itself (its window moved): a typed, final error; the project as it was.
            refusal = json(422, "{\"message\":\"recovery_time_target_unix is out of range\"}");
            String third = startRestore(target);
            await(third, Set.of("AWAITING_APPROVAL"));
            Pgdrill.Result approved = pgdrill.cli(
                    "restore",
                    "approve",
                    third,
                    "--config",
                    config,
                    "--approver",
                    "bob",
                    "--phrase",
                    "RESTORE PRODUCTION");
            assertThat(approved.exitCode()).as(approved.all()).isZero();
            JsonNode failed = await(third, Set.of("COMPLETED", "FAILED"));
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            Pgdrill.Result listed =
                    pgdrill.cli("restores", "list", "--target", "project", "--config", config, "--json");
            assertThat(listed.stdout())
                    .contains("the target time is outside the project's recovery window")
                    .contains("HTTP 422")
                    .contains("the provider started no restore: production untouched")
                    .doesNotContain(TOKEN);
            assertThat(restoreBodies).hasSize(1);

            assertThat(project.count("supa", "public.todos")).isEqualTo(200);
            assertThat(pg.pgdrillDatabases()).isEmpty();
        }
    }
}

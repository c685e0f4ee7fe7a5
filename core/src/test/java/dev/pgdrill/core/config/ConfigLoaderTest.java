package dev.pgdrill.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.Compression;
import dev.pgdrill.workflows.emergency.SignatureMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of("PROD_PW", "s3cret-prod", "PORT", "6543");
    private static final Path BASE = Path.of("/etc/pgdrill");

    private static final String MINIMAL = """
            catalog: { database: ops }
            databases:
              production: { role: production, host: db1, database: app, user: app_admin, password: "${PROD_PW}" }
              sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres }
              ops:        { role: catalog, host: db2, database: pgdrill, user: postgres }
            repository: { path: backups }
            backup: { database: production }
            approval: { approvers: [alice, bob] }
            """;

    private static PgdrillConfig parse(String yaml) {
        return new ConfigLoader(ENV::get).parse(yaml, "test.yaml", BASE);
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void appliesDefaultsToAMinimalFile() {
        PgdrillConfig c = parse(MINIMAL);
        assertThat(c.temporal()).isEqualTo(new PgdrillConfig.Temporal("127.0.0.1:7233", "default", "pgdrill"));
        assertThat(c.profile("production").port()).isEqualTo(5432);
        assertThat(c.profile("production").sslmode()).isEqualTo("prefer");
        assertThat(c.backup()).isEqualTo(new PgdrillConfig.Backup("production", "0 3 * * *", 7, 2));
        assertThat(c.drill())
                .isEqualTo(new PgdrillConfig.Drill("sandbox", "0 4 1 * *", 7, List.of("production"), false));
        assertThat(c.fleet()).isEqualTo(new Fleet(4));
        assertThat(c.approval().phrase()).isEqualTo("RESTORE PRODUCTION");
        assertThat(c.approval().distinctFromRequester()).isTrue();
        assertThat(c.approval().timeout()).isEqualTo(Duration.ofHours(4));
        assertThat(c.catalogProfile().name()).isEqualTo("ops");
    }

    @Test
    void resolvesRelativePathsFromTheConfigFilesFolder() {
        assertThat(parse(MINIMAL).repository().path()).isEqualTo(Path.of("/etc/pgdrill/backups"));
    }

    @Test
    void theWorkDirIsALocalTemporaryFolderByDefaultAndRelativeToTheConfigFileOtherwise() {
        assertThat(parse(MINIMAL).repository().workDir())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "pgdrill-work"));
        assertThat(parse(MINIMAL.replace("{ path: backups }", "{ path: backups, workDir: work }"))
                        .repository()
                        .workDir())
                .isEqualTo(Path.of("/etc/pgdrill/work"));
    }

    @Test
    void readsSecretsFromTheEnvironmentAndNeverPrintsThem() {
        DatabaseProfile p = parse(MINIMAL).profile("production");
        assertThat(p.password().orElseThrow().reveal()).isEqualTo("s3cret-prod");
        assertThat(p.toString()).contains("${PROD_PW}").doesNotContain("s3cret-prod");
    }

    @Test
    void substitutesEnvironmentReferencesInOrdinaryValues() {
        PgdrillConfig c = parse(MINIMAL.replace("host: db1,", "host: db1, port: \"${PORT}\","));
        assertThat(c.profile("production").port()).isEqualTo(6543);
    }

    @Test
    void loadsTheDocumentedExampleFile() {
        Path example = Path.of("../config/pgdrill.example.yaml");
        Map<String, String> env = Map.of(
                "PROD_PW", "s3cret-prod",
                "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x",
                "SMTP_PASSWORD", "p",
                "ALERT_WEBHOOK_URL", "https://alerts.example.com/pgdrill",
                "ALERT_WEBHOOK_SECRET", "s");
        PgdrillConfig c = new ConfigLoader(env::get).load(example);
        assertThat(c.alerts().routes()).hasSize(3);
        assertThat(c.dashboard().metrics()).hasSize(4);
        assertThat(c.databases()).containsOnlyKeys("production", "staging", "sandbox", "ops");
        assertThat(c.profile("staging").passwordFile()).contains(Path.of("/etc/pgdrill/staging.pw"));
        assertThat(c.approval().approvers()).containsExactly("alice", "bob");
    }

    @Test
    void compressesWithZstdAndVerifiesOnEveryCoreByDefault() {
        PgdrillConfig c = parse(MINIMAL);
        assertThat(c.repository().compression()).isEqualTo(new Compression("zstd", 3));
        assertThat(c.verification().jobs())
                .isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
        PgdrillConfig gzip = parse(
                MINIMAL.replace("repository: { path: backups }", "repository: { path: backups, compression: gzip }")
                        + "verification: { jobs: 3 }\n");
        assertThat(gzip.repository().compression()).isEqualTo(new Compression("gzip", 6));
        assertThat(gzip.verification().jobs()).isEqualTo(3);
        assertThat(parse(MINIMAL.replace(
                                "repository: { path: backups }",
                                "repository: { path: backups, compression: zstd, compressionLevel: 9 }"))
                        .repository()
                        .compression())
                .isEqualTo(new Compression("zstd", 9));
    }

    @Test
    void rejectsAnUnknownCompressionAndALevelOutOfItsRange() {
        assertThat(problems(MINIMAL.replace(
                        "repository: { path: backups }", "repository: { path: backups, compression: lz4 }")))
                .containsExactly("repository.compression: expected zstd, gzip or none, got 'lz4'");
        assertThat(problems(MINIMAL.replace(
                        "repository: { path: backups }",
                        "repository: { path: backups, compression: gzip, compressionLevel: 12 }")))
                .containsExactly("repository.compressionLevel: expected an integer 1-9, got 12");
        assertThat(problems(MINIMAL.replace(
                        "repository: { path: backups }",
                        "repository: { path: backups, compression: none, compressionLevel: 3 }")))
                .containsExactly("repository.compressionLevel: not used with compression: none (remove it)");
        assertThat(problems(MINIMAL + "verification: { jobs: 0 }\n"))
                .containsExactly("verification.jobs: expected an integer 1-64, got 0");
    }

    @Test
    void rejectsAPortThatIsNotANumberWithItsPath() {
        assertThat(problems(MINIMAL.replace("host: db1,", "host: db1, port: abc,")))
                .containsExactly("databases.production.port: expected an integer 1-65535, got \"abc\"");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThat(problems(MINIMAL.replace("host: db1,", "host: db1, port: 70000,")))
                .containsExactly("databases.production.port: expected an integer 1-65535, got 70000");
    }

    @Test
    void rejectsUnknownKeysAtEveryLevel() {
        assertThat(problems(MINIMAL + "retention: 7\n"))
                .singleElement()
                .asString()
                .startsWith("retention: unknown key (expected one of: temporal, catalog");
        assertThat(problems(MINIMAL.replace("user: app_admin,", "user: app_admin, pasword: x,")))
                .singleElement()
                .asString()
                .startsWith("databases.production.pasword: unknown key");
        assertThat(problems(MINIMAL.replace(
                        "backup: { database: production }", "backup: { database: production, retention: 7 }")))
                .singleElement()
                .asString()
                .startsWith("backup.retention: unknown key");
    }

    @Test
    void rejectsALiteralPassword() {
        assertThat(problems(MINIMAL.replace("\"${PROD_PW}\"", "hunter2")))
                .singleElement()
                .asString()
                .startsWith("databases.production.password: secrets must be given as an environment reference")
                .doesNotContain("hunter2");
    }

    @Test
    void rejectsAnUnsetEnvironmentVariable() {
        assertThat(problems(MINIMAL.replace("${PROD_PW}", "${NOPE_PW}")))
                .containsExactly("databases.production.password: environment variable NOPE_PW is not set");
    }

    @Test
    void rejectsPasswordAndPasswordFileTogether() {
        assertThat(problems(MINIMAL.replace("user: app_admin,", "user: app_admin, passwordFile: pw,")))
                .containsExactly("databases.production.passwordFile: give either password or passwordFile, not both");
    }

    @Test
    void rejectsAnUnknownRoleAndSslmode() {
        assertThat(problems(MINIMAL.replace("role: sandbox,", "role: scratch, sslmode: always,")))
                .containsExactly(
                        "databases.sandbox.role: expected one of production, staging, sandbox, catalog, got \"scratch\"",
                        "databases.sandbox.sslmode: expected one of disable, allow, prefer, require, verify-ca, verify-full, got \"always\"");
    }

    @Test
    void rejectsMissingRequiredFieldsOfAProfile() {
        assertThat(problems(MINIMAL.replace(
                        "sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres }",
                        "sandbox:    { role: sandbox }")))
                .containsExactly(
                        "databases.sandbox.host: required: the server's host name or address",
                        "databases.sandbox.database: required: the database name on that server",
                        "databases.sandbox.user: required: the role to connect as");
    }

    @Test
    void rejectsReferencesToProfilesThatDoNotExist() {
        assertThat(problems(MINIMAL.replace("backup: { database: production }", "backup: { database: prod }")))
                .containsExactly(
                        "backup.database: no database profile named 'prod' (configured: production, sandbox, ops)");
        assertThat(problems(MINIMAL.replace("catalog: { database: ops }", "catalog: { database: catalog }")))
                .containsExactly(
                        "catalog.database: no database profile named 'catalog' (configured: production, sandbox, ops)");
    }

    @Test
    void refusesToRunDrillsOnProduction() {
        assertThat(problems(MINIMAL + "drill: { target: production }\n"))
                .containsExactly(
                        "drill.target: profile 'production' has role production, which pgdrill never uses for this");
    }

    @Test
    void rejectsABadCronExpression() {
        assertThat(problems(MINIMAL.replace(
                        "backup: { database: production }",
                        "backup: { database: production, schedule: \"daily at 3\" }")))
                .singleElement()
                .asString()
                .startsWith("backup.schedule: expected a cron expression of 5 fields");
    }

    private static List<String> backupScheduleProblems(String cron) {
        return problems(MINIMAL.replace(
                "backup: { database: production }", "backup: { database: production, schedule: \"" + cron + "\" }"));
    }

    @Test
    void rejectsAnOutOfRangeMinuteOrHourNamingTheField() {
        assertThat(backupScheduleProblems("99 3 * * *"))
                .containsExactly(
                        "backup.schedule: invalid cron \"99 3 * * *\": minute \"99\": value 99 not in range [0, 59]");
        assertThat(backupScheduleProblems("0 24 * * *"))
                .containsExactly(
                        "backup.schedule: invalid cron \"0 24 * * *\": hour \"24\": value 24 not in range [0, 23]");
    }

    @Test
    void rejectsACronWithTheWrongNumberOfFields() {
        assertThat(backupScheduleProblems("0 3 * *"))
                .singleElement()
                .asString()
                .startsWith("backup.schedule: expected a cron expression of 5 fields")
                .endsWith("got \"0 3 * *\"");
        assertThat(backupScheduleProblems("0 0 3 * * *"))
                .singleElement()
                .asString()
                .startsWith("backup.schedule: expected a cron expression of 5 fields");
    }

    @Test
    void rejectsGarbageAndWhatTemporalWouldNeverRun() {
        assertThat(backupScheduleProblems("a b c d e"))
                .singleElement()
                .asString()
                .startsWith("backup.schedule: invalid cron \"a b c d e\": minute \"a\": expected numbers");
        assertThat(backupScheduleProblems("0 3 L * *"))
                .singleElement()
                .asString()
                .startsWith("backup.schedule: invalid cron \"0 3 L * *\": day of month \"L\":");
        assertThat(problems(MINIMAL + "drill: { schedule: \"0 4 31 2 *\" }\n"))
                .containsExactly("drill.schedule: invalid cron \"0 4 31 2 *\": matches no date"
                        + " (day of month, month and weekday never coincide)");
    }

    @Test
    void acceptsValidCronExpressions() {
        for (String cron : List.of("*/15 * * * *", "0 3 * * 1-5", "30 2 * * 0", "0 4 1-7 * mon", "0,30 1 1 jan *")) {
            PgdrillConfig c = parse(MINIMAL.replace(
                            "backup: { database: production }",
                            "backup: { database: production, schedule: \"" + cron + "\" }")
                    + "drill: { schedule: \"" + cron + "\" }\n");
            assertThat(c.backup().schedule()).isEqualTo(cron);
            assertThat(c.drill().schedule()).isEqualTo(cron);
        }
    }

    @Test
    void rejectsBadIntegersAndDurations() {
        assertThat(
                        problems(
                                MINIMAL.replace(
                                                "backup: { database: production }",
                                                "backup: { database: production, retentionDays: 0, jobs: many }")
                                        .replace(
                                                "approval: { approvers: [alice, bob] }",
                                                "approval: { approvers: [alice, bob], timeout: 4 hours, distinctFromRequester: maybe }")))
                .containsExactly(
                        "backup.retentionDays: expected an integer 1-3650, got 0",
                        "backup.jobs: expected an integer 1-64, got \"many\"",
                        "approval.distinctFromRequester: expected true or false, got \"maybe\"",
                        "approval.timeout: expected a duration such as 90s, 15m, 4h or 7d, got \"4 hours\"");
    }

    @Test
    void acceptsEveryDurationUnit() {
        for (var e : Map.of(
                        "90s",
                        Duration.ofSeconds(90),
                        "15m",
                        Duration.ofMinutes(15),
                        "4h",
                        Duration.ofHours(4),
                        "7d",
                        Duration.ofDays(7))
                .entrySet()) {
            PgdrillConfig c = parse(MINIMAL.replace(
                    "approval: { approvers: [alice, bob] }",
                    "approval: { approvers: [alice, bob], timeout: " + e.getKey() + " }"));
            assertThat(c.approval().timeout()).isEqualTo(e.getValue());
        }
    }

    @Test
    void requiresApprovers() {
        assertThat(problems(MINIMAL.replace("approval: { approvers: [alice, bob] }", "approval: { approvers: alice }")))
                .containsExactly(
                        "approval.approvers: expected a list such as [alice, bob], got \"alice\"",
                        "approval.approvers: required: the people allowed to approve a production restore, e.g. [alice, bob]");
    }

    @Test
    void readsApprovalSignatureKeysAndChecksThemAtLoad() throws Exception {
        String key = Base64.getEncoder()
                .encodeToString(KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded());
        PgdrillConfig c = parse(MINIMAL.replace(
                "approval: { approvers: [alice, bob] }",
                "approval: { approvers: [alice, Bob], signatures: optional, keys: { bob: \"" + key + "\" } }"));
        assertThat(c.approval().signatures()).isEqualTo(SignatureMode.OPTIONAL);
        assertThat(c.approval().keys()).containsEntry("bob", key);

        assertThat(problems(MINIMAL.replace(
                        "approval: { approvers: [alice, bob] }",
                        "approval: { approvers: [alice, bob], signatures: always," + " keys: { mallory: \"" + key
                                + "\", alice: \"not-a-key\" } }")))
                .containsExactlyInAnyOrder(
                        "approval.signatures: expected off, optional or required, got \"always\"",
                        "approval.keys.mallory: 'mallory' is not in approval.approvers",
                        "approval.keys.alice: expected a base64 Ed25519 public key (pgdrill approver keygen prints one)");
        assertThat(problems(MINIMAL.replace(
                        "approval: { approvers: [alice, bob] }",
                        "approval: { approvers: [alice, bob], signatures: required, keys: { bob: \"" + key + "\" } }")))
                .containsExactly("approval.keys: no public key for approver 'alice', and approval.signatures is"
                        + " required: alice could never approve");
    }

    @Test
    void linksRunsToTheTemporalUiWhenItsUrlIsSet() {
        PgdrillConfig c = parse("temporal: { uiUrl: \"https://temporal.example.org/\" }\n" + MINIMAL);
        assertThat(c.temporal().runLink("backup-production-20260117T030000Z", "r-1"))
                .contains("https://temporal.example.org/namespaces/default/workflows/"
                        + "backup-production-20260117T030000Z/r-1/history");
        assertThat(parse(MINIMAL).temporal().runLink("x", "y")).isEmpty();
        assertThat(problems("temporal: { uiUrl: \"temporal.example.org\" }\n" + MINIMAL))
                .containsExactly(
                        "temporal.uiUrl: expected an http:// or https:// URL such as http://127.0.0.1:8233, got"
                                + " \"temporal.example.org\"");
    }

    @Test
    void reportsMissingSections() {
        assertThat(problems("databases:\n  sandbox: { role: sandbox, host: h, database: d, user: u }\n"))
                .containsExactly(
                        "catalog: required section: the profile whose server holds the pgdrill schema",
                        "catalog.database: required: name of the database profile holding the pgdrill schema",
                        "repository: required section: where backups are stored",
                        "repository.path: required: the backup repository directory",
                        "backup: required section: what to back up and when",
                        "backup.database: required: name of the database profile to back up (or backup.databases: [..])",
                        "approval.approvers: required: the people allowed to approve a production restore, e.g. [alice, bob]");
    }

    @Test
    void rejectsAScalarWhereASectionBelongs() {
        assertThat(problems(MINIMAL.replace("repository: { path: backups }", "repository: /var/backups")))
                .contains(
                        "repository: expected a mapping with keys path, encryptionKey, workDir, compression, compressionLevel, got \"/var/backups\"");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        assertThat(problems("catalog: { database: ops\ndatabases: [\n"))
                .singleElement()
                .asString()
                .startsWith("line ")
                .contains("not valid YAML");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThat(problems(MINIMAL + "backup: { database: sandbox }\n"))
                .singleElement()
                .asString()
                .contains("not valid YAML")
                .contains("backup");
    }

    @Test
    void explainsAnUnquotedReferenceInsideAFlowMapping() {
        assertThat(problems(MINIMAL.replace("\"${PROD_PW}\"", "${PROD_PW}")))
                .singleElement()
                .asString()
                .contains("quote values that contain ${...}");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertThat(problems("")).containsExactly("the file is empty");
    }

    @Test
    void namesAMissingFileAndHowToGiveOne(@TempDir Path dir) {
        assertThatThrownBy(() -> new ConfigLoader(ENV::get).load(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yaml")
                .hasMessageContaining("file not found")
                .hasMessageContaining("PGDRILL_CONFIG");
    }

    @Test
    void resolvesTheConfigFileFromFlagThenEnvironmentThenWorkingDirectory() {
        ConfigLoader withEnv = new ConfigLoader(Map.of("PGDRILL_CONFIG", "/etc/pgdrill/pgdrill.yaml")::get);
        assertThat(withEnv.resolve(Optional.of(Path.of("x.yaml")))).isEqualTo(Path.of("x.yaml"));
        assertThat(withEnv.resolve(Optional.empty())).isEqualTo(Path.of("/etc/pgdrill/pgdrill.yaml"));
        assertThat(new ConfigLoader(k -> null).resolve(Optional.empty())).isEqualTo(Path.of("pgdrill.yaml"));
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pgdrill.yaml");
        Files.writeString(f, MINIMAL);
        assertThat(new ConfigLoader(ENV::get).load(f).repository().path()).isEqualTo(dir.resolve("backups"));
    }

    @Test
    void readsVerificationRulesAndAppChecks() {
        PgdrillConfig c = parse(MINIMAL + """
                verification:
                  tables: [projects, audit.events]
                  minRows: { projects: 1 }
                  freshness: [ { table: projects, column: updated_at, maxAge: 2d } ]
                  assertions: [ { name: ok, sql: "SELECT true" } ]
                  amcheck: false
                  externalSources: [production]
                appChecks:
                  - { name: smoke, command: [sh, -c, "exit 0"] }
                  - { name: health, url: "http://127.0.0.1:8080/health", timeout: 30s }
                """);
        assertThat(c.verification().tables()).containsExactly("public.projects", "audit.events");
        assertThat(c.verification().minRows()).containsEntry("public.projects", 1L);
        assertThat(c.verification().freshness())
                .singleElement()
                .isEqualTo(new PgdrillConfig.Freshness("public", "projects", "updated_at", Duration.ofDays(2)));
        assertThat(c.verification().assertions()).containsExactly(new PgdrillConfig.Assertion("ok", "SELECT true"));
        assertThat(c.verification().amcheck()).isFalse();
        assertThat(c.verification().externalSources()).containsExactly("production");
        assertThat(parse(MINIMAL).verification().externalSources()).isEmpty();
        assertThat(c.appChecks()).extracting(PgdrillConfig.AppCheck::name).containsExactly("smoke", "health");
        assertThat(c.appChecks().get(0).timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.appChecks().get(1).timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void externalSourcesNameConfiguredProfiles() {
        assertThat(problems(MINIMAL + "verification: { externalSources: [production, prod] }\n"))
                .containsExactly("verification.externalSources[1]: no database profile named 'prod'"
                        + " (configured: production, sandbox, ops)");
    }

    @Test
    void rejectsMalformedVerificationRulesAndAppChecks() {
        assertThat(problems(MINIMAL + """
                verification:
                  minRows: { projects: lots }
                  assertions: [ { name: no_sql } ]
                  freshness: [ { column: updated_at } ]
                appChecks:
                  - { name: both, command: [true], url: "http://x" }
                  - { name: neither }
                  - { name: ftp, url: "ftp://x" }
                """))
                .containsExactly(
                        "verification.minRows.projects: expected a whole number of rows >= 0, got \"lots\"",
                        "verification.freshness[0].table: required: the table, as schema.table or table (schema public)",
                        "verification.assertions[0].sql: required: a query returning one boolean, true when healthy",
                        "appChecks[0]: give exactly one of command: [program, args...] or url: http://...",
                        "appChecks[1]: give exactly one of command: [program, args...] or url: http://...",
                        "appChecks[2].url: expected an http:// or https:// URL, got \"ftp://x\"");
    }

    @Test
    void anAppCheckCanConnectAsTheApplicationsRole() {
        PgdrillConfig c = parse(MINIMAL + """
                appChecks:
                  - { name: as_app, command: [./smoke], user: app_rw, password: "${PROD_PW}" }
                  - { name: as_pgdrill, command: [./smoke] }
                """);
        assertThat(c.appChecks().get(0).user()).isEqualTo("app_rw");
        assertThat(c.appChecks().get(0).password()).isPresent();
        assertThat(c.appChecks().get(1).user()).isEmpty();
        assertThat(problems(MINIMAL + """
                appChecks:
                  - { name: a, url: "http://x", user: app_rw }
                  - { name: b, command: [x], password: "${PROD_PW}" }
                  - { name: c, command: [x], user: app_rw, password: literally }
                """))
                .containsExactly(
                        "appChecks[0].user: only a command check connects to the database; an HTTP check has no user",
                        "appChecks[1].password: a password belongs with user: the role the command connects as",
                        "appChecks[2].password: secrets must be given as an environment reference such as"
                                + " ${PGDRILL_PASSWORD}, not as a literal value");
    }

    @Test
    void anAppCheckDeclaresTheWorkerVariablesItNeeds() {
        PgdrillConfig c = parse(MINIMAL + """
                appChecks:
                  - { name: smoke, command: [./smoke], env: [APP_TOKEN, _Sentry_DSN2] }
                  - { name: plain, command: [./smoke] }
                """);
        assertThat(c.appChecks().get(0).env()).containsExactly("APP_TOKEN", "_Sentry_DSN2");
        assertThat(c.appChecks().get(1).env()).isEmpty();
        assertThat(problems(MINIMAL + """
                appChecks:
                  - { name: a, command: [x], env: [2FAST, "A-B", "X Y", OK, PGPASSWORD, DATABASE_URL, OK] }
                  - { name: b, command: [x], env: APP_TOKEN }
                  - { name: c, url: "http://x", env: [APP_TOKEN] }
                """))
                .containsExactly(
                        "appChecks[0].env[0]: expected an environment variable name (letters, digits, _; not"
                                + " starting with a digit), got \"2FAST\"",
                        "appChecks[0].env[1]: expected an environment variable name (letters, digits, _; not"
                                + " starting with a digit), got \"A-B\"",
                        "appChecks[0].env[2]: expected an environment variable name (letters, digits, _; not"
                                + " starting with a digit), got \"X Y\"",
                        "appChecks[0].env[4]: PGPASSWORD is set by pgdrill for the restored database; it cannot come"
                                + " from the worker",
                        "appChecks[0].env[5]: DATABASE_URL is set by pgdrill for the restored database; it cannot"
                                + " come from the worker",
                        "appChecks[0].env[6]: OK is listed twice",
                        "appChecks[1].env: expected a list such as [alice, bob], got \"APP_TOKEN\"",
                        "appChecks[2].env: only a command check gets environment variables; an HTTP check runs none");
    }

    @Test
    void readsAProductionProfilesPoolerAndRefusesOneElsewhereOrWithALiteralPassword() {
        String withPooler = MINIMAL.replace(
                "password: \"${PROD_PW}\" }",
                "password: \"${PROD_PW}\", pooler: { host: pgb, user: pgbouncer_admin, password: \"${PROD_PW}\" } }");
        PgdrillConfig c = parse(withPooler);
        assertThat(c.pooler("production")).hasValueSatisfying(p -> {
            assertThat(p.host()).isEqualTo("pgb");
            assertThat(p.port()).isEqualTo(6432);
            assertThat(p.database()).as("the profile's database by default").isEqualTo("app");
            assertThat(p.password()).isPresent();
        });
        assertThat(parse(MINIMAL).pooler("production")).isEmpty();
        assertThat(problems(MINIMAL.replace(
                        "user: postgres }\n  ops", "user: postgres, pooler: { host: pgb, user: a } }\n  ops")))
                .containsExactly(
                        "databases.sandbox.pooler: only a production profile has a pooler (the switch pauses it)");
        assertThat(problems(withPooler.replace(
                        "pooler: { host: pgb, user: pgbouncer_admin, password: \"${PROD_PW}\" }",
                        "pooler: { host: pgb, user: a, password: hunter2 }")))
                .singleElement()
                .asString()
                .startsWith("databases.production.pooler.password: secrets must be given as an environment reference");
    }

    @Test
    void stagingIsCopiedIntoTheSideDatabaseOnlyOnProductionsServerAsProductionsUser() {
        String sameServer = MINIMAL.replace(
                "databases:\n",
                "databases:\n  staging: { role: staging, host: DB1, database: postgres, user: app_admin }\n");
        assertThat(WorkflowSettings.restore(parse(sameServer), "production").reuseStaging())
                .isTrue();
        assertThat(WorkflowSettings.restore(parse(sameServer + "restore: { reuseStaging: false }\n"), "production")
                        .reuseStaging())
                .as("turned off")
                .isFalse();
        assertThat(WorkflowSettings.restore(
                                parse(sameServer.replace("user: app_admin }", "user: tester }")), "production")
                        .reuseStaging())
                .as("another role")
                .isFalse();
        assertThat(WorkflowSettings.restore(parse(sameServer.replace("host: DB1", "host: db3")), "production")
                        .reuseStaging())
                .as("another server")
                .isFalse();
    }

    @Test
    void readsTheRestoreSectionAndRefusesProductionAsStaging() {
        String withStaging = MINIMAL.replace(
                "databases:\n", "databases:\n  staging: { role: staging, host: db3, database: s, user: u }\n");
        PgdrillConfig c = parse(withStaging);
        assertThat(c.restore()).isEqualTo(new PgdrillConfig.Restore("staging", 3, Duration.ofMinutes(30), true, true));
        assertThat(parse(MINIMAL).restore().staging())
                .as("no staging profile configured")
                .isEmpty();
        assertThat(parse(withStaging
                                + "restore: { maxAttempts: 5, reminderEvery: 15m, prepareBeforeApproval: false,"
                                + " reuseStaging: false }\n")
                        .restore())
                .isEqualTo(new PgdrillConfig.Restore("staging", 5, Duration.ofMinutes(15), false, false));
        assertThat(problems(withStaging + "restore: { staging: production }\n"))
                .containsExactly(
                        "restore.staging: profile 'production' has role production, which pgdrill never uses for this");
    }
}

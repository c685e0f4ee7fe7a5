package dev.pgdrill.activities.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Supabase source against MockWebServer replaying the Management API's documented answers: the list in
 * both {@code inserted_at} formats with every status, the PITR window, 429 sequences and the refusals.
 */
class SupabaseSourceTest {
    private static final String REF = "abcdefghijklmnopqrst";
    private static final String TOKEN = "sbp_0123456789abcdef0123456789abcdef01234567";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-09T10:00:00Z"), ZoneOffset.UTC);

    private final MockWebServer api = new MockWebServer();
    private final List<Duration> waits = new ArrayList<>();
    private SupabaseSource source;

    @BeforeEach
    void start() throws IOException {
        api.start(InetAddress.getLoopbackAddress(), 0);
        PgdrillConfig config = new ConfigLoader(Map.of("SUPABASE_ACCESS_TOKEN", TOKEN)::get)
                .parse("""
                        catalog: { database: ops }
                        databases:
                          project: { role: production, host: db.example.test, database: postgres, user: postgres,
                                     source: { kind: supabase, projectRef: %s,
                                               accessToken: "${SUPABASE_ACCESS_TOKEN}", apiUrl: "%s" } }
                          plain:   { role: production, host: db1, database: app, user: app }
                          ops:     { role: catalog, host: db2, database: pgdrill, user: postgres }
                        repository: { path: backups }
                        backup: { database: project }
                        drill: { target: ops }
                        approval: { approvers: [alice, bob] }
                        """.formatted(REF, api.url("/")), "test.yaml", Path.of("/etc/pgdrill"));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        source = new SupabaseSource(config, (SourceConfig.Supabase s) -> new SupabaseApi(s, http, CLOCK, waits::add));
    }

    @AfterEach
    void stop() throws IOException {
        api.shutdown();
    }

    private static String fixture(String name) {
        try (InputStream in = SupabaseSourceTest.class.getResourceAsStream("/supabase/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    @Test
    void listsEveryStatusNewestFirstFromBothInsertedAtFormats() throws Exception {
        api.enqueue(json(200, fixture("backups-daily.json")));

        List<SourceBackup> backups = source.list("project");

        RecordedRequest request = api.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/v1/projects/" + REF + "/database/backups");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(backups)
                .extracting(SourceBackup::id)
                .containsExactly("107", "106", "105", "104", "103", "102", "101");
        assertThat(backups)
                .extracting(SourceBackup::status)
                .containsExactly("PENDING", "COMPLETED", "COMPLETED", "CANCELLED", "FAILED", "ARCHIVED", "REMOVED");
        SourceBackup pending = backups.get(0);
        assertThat(pending.startedAt()).isEqualTo(Instant.parse("2026-02-08T16:44:07.123456Z"));
        assertThat(pending.type()).isEqualTo("physical");
        assertThat(pending.detail()).isEqualTo("in progress, region us-east-1");
        assertThat(backups.get(1).startedAt()).isEqualTo(Instant.parse("2026-02-07T04:00:02Z"));
        assertThat(backups.get(1).detail()).isEqualTo("region us-east-1");
        assertThat(backups.get(2).startedAt()).isEqualTo(Instant.parse("2026-02-06T04:00:03.52Z"));
        assertThat(backups.get(6).detail()).startsWith("removed by Supabase's retention");
        assertThat(backups).allSatisfy(b -> {
            assertThat(b.profile()).isEqualTo("project");
            assertThat(b.source()).isEqualTo("supabase");
            assertThat(b.finishedAt()).isEmpty();
        });
        assertThat(waits).isEmpty();
    }

    @Test
    void aPointInTimeWindowIsListedFirstAsItsOwnEntry() throws Exception {
        api.enqueue(json(200, fixture("backups-pitr.json")));

        List<SourceBackup> backups = source.list("project");

        assertThat(backups).hasSize(1);
        SourceBackup pitr = backups.get(0);
        assertThat(pitr.type()).isEqualTo("pitr");
        assertThat(pitr.status()).isEqualTo("AVAILABLE");
        assertThat(pitr.startedAt()).isEqualTo(Instant.ofEpochSecond(1770000000));
        assertThat(pitr.finishedAt()).contains(Instant.ofEpochSecond(1770604800));
        assertThat(pitr.detail()).contains("2026-02-02T02:40:00Z").contains("2026-02-09T02:40:00Z");
    }

    @Test
    void waitsOutA429SequenceByRetryAfterThenByTheResetHeader() throws Exception {
        api.enqueue(new MockResponse()
                .setResponseCode(429)
                .setHeader("Retry-After", "7")
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", "7")
                .setBody("{\"message\":\"Too many requests\"}"));
        api.enqueue(new MockResponse()
                .setResponseCode(429)
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", "3")
                .setBody("{\"message\":\"Too many requests\"}"));
        api.enqueue(json(200, fixture("backups-daily.json")));

        assertThat(source.list("project")).hasSize(7);

        assertThat(api.getRequestCount()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(3));
    }

    @Test
    void aSpentBudgetHoldsTheNextRequestUntilTheWindowResets() throws Exception {
        api.enqueue(json(200, fixture("backups-pitr.json"))
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", "12"));
        api.enqueue(json(200, fixture("backups-pitr.json")));

        source.list("project");
        assertThat(waits).isEmpty();
        source.list("project");

        assertThat(waits).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aRateLimitThatOutlastsTheWaitIsRetriedLaterNotSleptThrough() {
        api.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "600"));

        assertThatThrownBy(() -> source.list("project"))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.type()).isEqualTo(FailureType.SOURCE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("rate limit is spent for 600 s");
        assertThat(waits).isEmpty();
    }

    @Test
    void keeps429ingIsARetryableFailureAfterAFewBackoffs() {
        for (int i = 0; i < SupabaseApi.MAX_RATE_LIMITED; i++) {
            api.enqueue(new MockResponse().setResponseCode(429));
        }

        assertThatThrownBy(() -> source.list("project"))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("rate limited (HTTP 429) 4 times in a row");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aRefusedTokenIsNamedByItsReferenceNeverByItsValue() {
        api.enqueue(json(401, "{\"message\":\"Unauthorized: invalid token " + TOKEN + "\"}"));

        assertThatThrownBy(() -> source.list("project"))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.type()).isEqualTo(FailureType.SOURCE_REJECTED);
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageStartingWith("unable to list the backups of Supabase project '" + REF + "': the access"
                        + " token ${SUPABASE_ACCESS_TOKEN} was refused (HTTP 401: Unauthorized: invalid token"
                        + " ${SUPABASE_ACCESS_TOKEN})")
                .message()
                .doesNotContain(TOKEN);
    }

    @Test
    void forbiddenUnknownProjectAndServerErrorsSayWhatToDo() {
        api.enqueue(json(403, "{\"message\":\"Forbidden resource\"}"));
        api.enqueue(json(404, "{\"message\":\"Project not found\"}"));
        api.enqueue(json(503, "<html>upstream connect error</html>"));

        assertThatThrownBy(() -> source.list("project"))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("may not do this on project '" + REF + "' (HTTP 403: Forbidden resource)");
        assertThatThrownBy(() -> source.list("project"))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("no project '" + REF + "' at http://")
                .hasMessageContaining("check source.projectRef");
        assertThatThrownBy(() -> source.list("project"))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.type()).isEqualTo(FailureType.SOURCE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("HTTP 503: <html>upstream connect error</html> (retried)");
    }

    @Test
    void aProfileOfAnotherKindIsAConfigurationError() {
        assertThatThrownBy(() -> source.list("plain"))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.type()).isEqualTo(FailureType.CONFIGURATION))
                .hasMessage("unable to list the backups of 'plain' from Supabase: its source is pgdump");
        assertThat(api.getRequestCount()).isZero();
    }

    @Test
    void readsBothInsertedAtFormatsAndRefusesAThird() throws ActivityException {
        assertThat(SupabaseBackupList.insertedAt(REF, "1", "2026-02-08 16:44:07"))
                .isEqualTo(Instant.parse("2026-02-08T16:44:07Z"));
        assertThat(SupabaseBackupList.insertedAt(REF, "1", "2026-02-08T16:44:07+01:00"))
                .isEqualTo(Instant.parse("2026-02-08T15:44:07Z"));
        assertThatThrownBy(() -> SupabaseBackupList.insertedAt(REF, "9", "08/02/2026"))
                .hasMessageContaining("inserted_at \"08/02/2026\" is neither RFC 3339 nor YYYY-MM-DD HH:MM:SS");
    }

    private static MockResponse project(String status) {
        return json(200, """
                {"id":"%s","organization_id":"vrtgpqmnxlkzadbcefgh","name":"app","region":"us-east-1",
                 "created_at":"2025-11-02T09:14:55.123456Z",
                 "database":{"host":"db.%s.supabase.co","version":"15.8.1.085","postgres_engine":"15",
                             "release_channel":"ga"},
                 "status":"%s"}""".formatted(REF, REF, status));
    }

    @Test
    void aPointInTimeRestoreAsksForTheTargetInWholeSeconds() throws Exception {
        api.enqueue(new MockResponse().setResponseCode(201));

        source.restoreToTime("project", Instant.parse("2026-02-02T02:40:00.750Z"));

        RecordedRequest r = api.takeRequest();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/v1/projects/" + REF + "/database/backups/restore-pitr");
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getBody().readUtf8()).isEqualTo("{\"recovery_time_target_unix\":1770000000}");
    }

    @Test
    void aRestoreRefusedForPitrNotEnabledOrAnOutOfRangeTimeSaysWhich() {
        api.enqueue(json(400, "{\"message\":\"PITR is not enabled for this project.\"}"));
        api.enqueue(json(422, "{\"message\":\"recovery_time_target_unix is out of range\"}"));
        api.enqueue(json(403, "{\"message\":\"Forbidden resource\"}"));
        Instant at = Instant.parse("2026-02-02T02:40:00Z");

        assertThatThrownBy(() -> source.restoreToTime("project", at))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.type()).isEqualTo(FailureType.SOURCE_REJECTED);
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessage("unable to restore Supabase project '" + REF + "' to 2026-02-02T02:40:00Z: point-in-time"
                        + " recovery is not enabled for this project (enable the PITR add-on, or restore a daily backup"
                        + " in the dashboard) (HTTP 400: PITR is not enabled for this project.)");
        assertThatThrownBy(() -> source.restoreToTime("project", at))
                .hasMessageContaining("the target time is outside the project's recovery window")
                .hasMessageContaining("HTTP 422: recovery_time_target_unix is out of range");
        assertThatThrownBy(() -> source.restoreToTime("project", at))
                .hasMessageContaining("${SUPABASE_ACCESS_TOKEN} may not do this on project");
        assertThat(api.getRequestCount()).isEqualTo(3);
    }

    @Test
    void waitsForTheProjectToGoFromRestoringBackToActiveHealthy() throws Exception {
        api.enqueue(project("ACTIVE_HEALTHY")); // the restore accepted, not begun yet: not the end of it
        api.enqueue(project("RESTORING"));
        api.enqueue(project("RESTORING"));
        api.enqueue(project("COMING_UP"));
        api.enqueue(project("ACTIVE_HEALTHY"));
        List<String> progress = new ArrayList<>();

        List<String> seen = source.awaitHealthy("project", Duration.ofSeconds(20), Duration.ofHours(1), progress::add);

        assertThat(seen).containsExactly("ACTIVE_HEALTHY", "RESTORING", "COMING_UP", "ACTIVE_HEALTHY");
        assertThat(progress).hasSize(5);
        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(api.takeRequest().getPath()).isEqualTo("/v1/projects/" + REF);
    }

    @Test
    void aFailedRestoreIsFinalAndOneThatNeverEndsIsRetriedLater() {
        api.enqueue(project("RESTORING"));
        api.enqueue(project("RESTORE_FAILED"));
        assertThatThrownBy(() -> source.awaitHealthy("project", Duration.ofSeconds(20), Duration.ofHours(1), x -> {}))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("ended RESTORE_FAILED (statuses RESTORING → RESTORE_FAILED)");

        for (int i = 0; i < 4; i++) {
            api.enqueue(project("RESTORING"));
        }
        assertThatThrownBy(() -> source.awaitHealthy("project", Duration.ofSeconds(20), Duration.ofMinutes(1), x -> {}))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("is not healthy after a restore within PT1M (statuses RESTORING)");
    }

    @Test
    void aRetryResumesFromWhatTheLastAttemptSawAndANeverStartedRestoreEndsAfterTheGrace() throws Exception {
        api.enqueue(project("ACTIVE_HEALTHY"));
        SupabaseSource.Polling resumed = new SupabaseSource.Polling(
                List.of("ACTIVE_HEALTHY", "RESTORING"),
                n -> Duration.ofSeconds(1L << n),
                Duration.ofMinutes(3),
                Duration.ofHours(1));
        assertThat(source.awaitRestored("project", resumed, x -> {}))
                .as("the restore ended while no worker watched: healthy again is the end")
                .containsExactly("ACTIVE_HEALTHY", "RESTORING", "ACTIVE_HEALTHY");

        for (int i = 0; i < 5; i++) {
            api.enqueue(project("ACTIVE_HEALTHY"));
        }
        SupabaseSource.Polling fresh = new SupabaseSource.Polling(
                List.of(), n -> Duration.ofSeconds(60), Duration.ofMinutes(3), Duration.ofHours(1));
        assertThatThrownBy(() -> source.awaitRestored("project", fresh, x -> {}))
                .isInstanceOfSatisfying(
                        ActivityException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("still reads ACTIVE_HEALTHY 180 s after the restore was requested")
                .hasMessageContaining("the request is not sent again");
        assertThat(api.getRequestCount()).isEqualTo(5);
    }
}

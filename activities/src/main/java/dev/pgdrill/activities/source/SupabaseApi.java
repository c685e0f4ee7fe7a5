package dev.pgdrill.activities.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Supabase's Management API for one project, as pgdrill uses it: a bearer token that is never logged nor
 * quoted, the rate limit honoured (a request waits while {@code X-RateLimit-Remaining} is 0 until
 * {@code X-RateLimit-Reset}; a 429 waits {@code Retry-After}, else the reset, else an exponential backoff), and
 * each refusal turned into a message that says what to fix. Uses the JDK's HTTP client: pgdrill's other HTTP
 * calls (Slack, webhooks, app checks) do, and okhttp would be a new runtime dependency for two endpoints.
 */
final class SupabaseApi {
    /** Waits for the rate limit up to this long in one go; past it the activity fails and Temporal retries later. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** 429 answers in a row before giving up in this attempt (the limit is per minute: a few waits cover it). */
    static final int MAX_RATE_LIMITED = 4;

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int ANSWER_CHARS = 200;

    /** How the client waits; tests record the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * The cause of a failure that proves the request started nothing at the provider: an answer of 4xx (the
     * API refused it, 429 included), a connection that never opened, a rate-limit wait not taken. A 5xx or a
     * lost answer proves nothing (the restore may have begun), so it has no such cause.
     */
    static final class Unsent extends Exception {
        private static final long serialVersionUID = 1L;

        Unsent(Throwable cause) {
            super("the request started nothing at the provider", cause);
        }
    }

    /** Whether {@code e} proves its request started nothing (see {@link Unsent}). */
    static boolean unsent(ActivityException e) {
        return e.getCause() instanceof Unsent;
    }

    private final SourceConfig.Supabase source;
    private final HttpClient http;
    private final Sleeper sleeper;
    /** Guarded by {@code send}'s lock: requests to one project go one at a time. */
    private final RateLimit limit;

    SupabaseApi(SourceConfig.Supabase source, HttpClient http, Clock clock, Sleeper sleeper) {
        this.source = source;
        this.http = http;
        this.sleeper = sleeper;
        this.limit = new RateLimit(clock);
    }

    static SupabaseApi of(SourceConfig.Supabase source) {
        return new SupabaseApi(
                source,
                HttpClient.newBuilder().connectTimeout(TIMEOUT).build(),
                Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
    }

    /** {@code GET /v1/projects/{ref}/database/backups}. */
    JsonNode listBackups() throws ActivityException, InterruptedException {
        return get("/v1/projects/" + source.projectRef() + "/database/backups", "list the backups of %s");
    }

    /** {@code GET /v1/projects/{ref}}: the project's status, e.g. {@code RESTORING}, {@code ACTIVE_HEALTHY}. */
    String projectStatus() throws ActivityException, InterruptedException {
        return get("/v1/projects/" + source.projectRef(), "read the status of %s")
                .path("status")
                .asText("UNKNOWN");
    }

    /**
     * {@code POST /v1/projects/{ref}/database/backups/restore-pitr}: the project's database restored in place to
     * {@code target} (whole seconds), with downtime; 201 when Supabase accepted it.
     */
    void restorePitr(Instant target) throws ActivityException, InterruptedException {
        String body = "{\"recovery_time_target_unix\":" + target.getEpochSecond() + "}";
        HttpRequest request = request("/v1/projects/" + source.projectRef() + "/database/backups/restore-pitr")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        send(
                request,
                "restore %s to " + target,
                Map.of(
                        400,
                        "point-in-time recovery is not enabled for this project (enable the PITR add-on, or restore a"
                                + " daily backup in the dashboard)",
                        422,
                        "the target time is outside the project's recovery window (pgdrill backups list --database"
                                + " shows it)"));
    }

    /** Waits out {@code d} the way rate-limit waits are (tests record it instead of sleeping). */
    void pause(Duration d) throws InterruptedException {
        sleeper.sleep(d);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(endpoint(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + source.accessToken().reveal())
                .header("Accept", "application/json");
    }

    private JsonNode get(String path, String verb) throws ActivityException, InterruptedException {
        HttpResponse<String> response = send(request(path).GET().build(), verb, Map.of());
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ActivityException(
                    FailureType.SOURCE_UNAVAILABLE,
                    fail(verb, "the answer is not JSON (" + e.getOriginalMessage() + ")"),
                    true,
                    null);
        }
    }

    /** Sends (one request per project at a time), waiting for the rate limit as it asks; returns a 2xx answer or throws what the status means. */
    private synchronized HttpResponse<String> send(HttpRequest request, String verb, Map<Integer, String> hints)
            throws ActivityException, InterruptedException {
        for (int limited = 0; ; limited++) {
            waitFor(limit.pending(), verb);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                boolean neverConnected = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                throw new ActivityException(
                        FailureType.SOURCE_UNAVAILABLE,
                        fail(
                                verb,
                                "no answer from " + source.apiUrl() + " ("
                                        + e.getClass().getSimpleName()
                                        + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage())) + ")"),
                        true,
                        neverConnected ? new Unsent(e) : null);
            }
            limit.answered(response, limited);
            if (response.statusCode() != 429) {
                return checked(response, verb, hints);
            }
            if (limited + 1 >= MAX_RATE_LIMITED) {
                throw new ActivityException(
                        FailureType.SOURCE_UNAVAILABLE,
                        fail(verb, "rate limited (HTTP 429) " + MAX_RATE_LIMITED + " times in a row; retried later"),
                        true,
                        new Unsent(null));
            }
        }
    }

    private void waitFor(Duration wait, String verb) throws ActivityException, InterruptedException {
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw new ActivityException(
                    FailureType.SOURCE_UNAVAILABLE,
                    fail(
                            verb,
                            "the Management API's rate limit is spent for " + wait.toSeconds() + " s; retried later"),
                    true,
                    new Unsent(null));
        }
        sleeper.sleep(wait);
    }

    /** @param hints what a status means for this call (e.g. 400 on restore-pitr: PITR not enabled) */
    private HttpResponse<String> checked(HttpResponse<String> r, String verb, Map<Integer, String> hints)
            throws ActivityException {
        int code = r.statusCode();
        if (code / 100 == 2) {
            return r;
        }
        String answer = "HTTP " + code + answerOf(r);
        String ref = source.projectRef();
        String token = source.accessToken().reference();
        if (hints.containsKey(code)) {
            throw rejected(verb, hints.get(code) + " (" + answer + ")");
        }
        switch (code) {
            case 401 ->
                throw rejected(
                        verb,
                        "the access token " + token + " was refused (" + answer
                                + "): check that it is a valid, unexpired Supabase access token");
            case 403 ->
                throw rejected(
                        verb,
                        "the access token " + token + " may not do this on project '" + ref + "' (" + answer
                                + "): it needs the project's database backups permissions");
            case 404 ->
                throw rejected(
                        verb,
                        "no project '" + ref + "' at " + source.apiUrl() + " (" + answer
                                + "): check source.projectRef");
            default -> {
                boolean retryable = code >= 500 || code == 408;
                throw new ActivityException(
                        retryable ? FailureType.SOURCE_UNAVAILABLE : FailureType.SOURCE_REJECTED,
                        fail(verb, answer + (retryable ? " (retried)" : "")),
                        retryable,
                        code < 500 ? new Unsent(null) : null);
            }
        }
    }

    private ActivityException rejected(String verb, String why) {
        return new ActivityException(FailureType.SOURCE_REJECTED, fail(verb, why), false, new Unsent(null));
    }

    /** The API's own message ({@code {"message": …}}) or the start of its body, the token scrubbed. */
    private String answerOf(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body().strip();
        try {
            JsonNode message = Json.MAPPER.readTree(body).path("message");
            if (message.isTextual()) {
                body = message.asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote the start of the body
        }
        body = scrub(body);
        return body.isEmpty() ? "" : ": " + body.substring(0, Math.min(ANSWER_CHARS, body.length()));
    }

    private String fail(String verb, String why) {
        return "unable to " + verb.formatted("Supabase project '" + source.projectRef() + "'") + ": " + why;
    }

    /** The token, were any text to echo it, becomes its ${ENV} reference. */
    private String scrub(String text) {
        String token = source.accessToken().reveal();
        return token.isEmpty() ? text : text.replace(token, source.accessToken().reference());
    }

    private URI endpoint(String path) {
        String base = source.apiUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}

package dev.pgdrill.activities.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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

    private final SourceConfig.Supabase source;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    /** When the window's budget is spent (X-RateLimit-Remaining 0): no request before this. */
    private volatile Instant notBefore = Instant.MIN;

    SupabaseApi(SourceConfig.Supabase source, HttpClient http, Clock clock, Sleeper sleeper) {
        this.source = source;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
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
        return get("/v1/projects/" + source.projectRef() + "/database/backups", "list the backups of");
    }

    private JsonNode get(String path, String verb) throws ActivityException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + source.accessToken().reveal())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(request, verb);
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
    private synchronized HttpResponse<String> send(HttpRequest request, String verb)
            throws ActivityException, InterruptedException {
        for (int limited = 0; ; limited++) {
            waitFor(Duration.between(clock.instant(), notBefore), verb);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new ActivityException(
                        FailureType.SOURCE_UNAVAILABLE,
                        fail(
                                verb,
                                "no answer from " + source.apiUrl() + " ("
                                        + e.getClass().getSimpleName()
                                        + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage())) + ")"),
                        true,
                        null);
            }
            remember(response);
            if (response.statusCode() != 429) {
                return checked(response, verb);
            }
            if (limited + 1 >= MAX_RATE_LIMITED) {
                throw new ActivityException(
                        FailureType.SOURCE_UNAVAILABLE,
                        fail(verb, "rate limited (HTTP 429) " + MAX_RATE_LIMITED + " times in a row; retried later"),
                        true,
                        null);
            }
            Duration wait = retryAfter(response).orElse(Duration.ofSeconds(1L << limited));
            notBefore = clock.instant().plus(wait);
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
                    null);
        }
        sleeper.sleep(wait);
    }

    /** A spent budget ({@code X-RateLimit-Remaining: 0}) holds the next request until the window resets. */
    private void remember(HttpResponse<String> r) {
        Optional<Long> remaining = number(r, "X-RateLimit-Remaining");
        if (remaining.isPresent() && remaining.get() <= 0) {
            reset(r).ifPresent(d -> notBefore = clock.instant().plus(d));
        }
    }

    /** {@code Retry-After} (seconds or an HTTP date), else {@code X-RateLimit-Reset}. */
    private Optional<Duration> retryAfter(HttpResponse<String> r) {
        Optional<String> header = r.headers().firstValue("Retry-After").map(String::strip);
        if (header.isPresent()) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException ignored) {
                    // neither form: fall back to the reset header or the backoff
                }
            }
        }
        return reset(r);
    }

    /** {@code X-RateLimit-Reset}: Supabase sends seconds until the reset; a Unix time is read as one too. */
    private Optional<Duration> reset(HttpResponse<String> r) {
        return number(r, "X-RateLimit-Reset").map(v -> {
            long seconds = v > 1_000_000_000L ? v - clock.instant().getEpochSecond() : v;
            return Duration.ofSeconds(Math.max(0, seconds));
        });
    }

    private static Optional<Long> number(HttpResponse<String> r, String header) {
        try {
            return r.headers().firstValue(header).map(String::strip).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private HttpResponse<String> checked(HttpResponse<String> r, String verb) throws ActivityException {
        int code = r.statusCode();
        if (code / 100 == 2) {
            return r;
        }
        String answer = "HTTP " + code + answerOf(r);
        String ref = source.projectRef();
        String token = source.accessToken().reference();
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
                        null);
            }
        }
    }

    private ActivityException rejected(String verb, String why) {
        return new ActivityException(FailureType.SOURCE_REJECTED, fail(verb, why), false, null);
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
        return "unable to " + verb + " Supabase project '" + source.projectRef() + "': " + why;
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

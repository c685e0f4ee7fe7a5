package dev.pgdrill.activities.source;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What an API's rate-limit headers say about the next request: after an answer with
 * {@code X-RateLimit-Remaining: 0} none before {@code X-RateLimit-Reset}; after a 429, {@code Retry-After}
 * (seconds or an HTTP date), else the reset, else an exponential backoff. Not thread-safe: its owner serialises.
 */
final class RateLimit {
    private final Clock clock;
    private Instant notBefore = Instant.MIN;

    RateLimit(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before the next request; zero or negative: none. */
    Duration pending() {
        return Duration.between(clock.instant(), notBefore);
    }

    /** Reads an answer's headers; a 429 ({@code limited} in a row before it) holds the next request. */
    void answered(HttpResponse<?> r, int limited) {
        if (r.statusCode() == 429) {
            notBefore = clock.instant().plus(retryAfter(r).orElse(Duration.ofSeconds(1L << limited)));
            return;
        }
        Optional<Long> remaining = number(r, "X-RateLimit-Remaining");
        if (remaining.isPresent() && remaining.get() <= 0) {
            reset(r).ifPresent(d -> notBefore = clock.instant().plus(d));
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<?> r) {
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
    private Optional<Duration> reset(HttpResponse<?> r) {
        return number(r, "X-RateLimit-Reset").map(v -> {
            long seconds = v > 1_000_000_000L ? v - clock.instant().getEpochSecond() : v;
            return Duration.ofSeconds(Math.max(0, seconds));
        });
    }

    private static Optional<Long> number(HttpResponse<?> r, String header) {
        try {
            return r.headers().firstValue(header).map(String::strip).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package dev.pgdrill.activities.notify;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A JSON POST to a channel's secret URL, and what its answer means: 2xx delivered; 5xx, 408, 429 and no
 * answer are worth a retry; any other 4xx is a refusal that a retry would only repeat. No message carries
 * the URL (its path is the credential of a Slack webhook).
 */
final class HttpPost {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int ANSWER_CHARS = 200;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    String post(String channel, Secret url, String json, Map<String, String> headers) throws ActivityException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.reveal()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw failed(
                    channel,
                    url,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(channel, url, "interrupted", true);
        }
        int code = response.statusCode();
        if (code / 100 == 2) {
            return "HTTP " + code;
        }
        String body = response.body() == null ? "" : response.body().strip();
        String answer =
                "HTTP " + code + (body.isEmpty() ? "" : " " + body.substring(0, Math.min(ANSWER_CHARS, body.length())));
        throw failed(channel, url, answer, code >= 500 || code == 408 || code == 429);
    }

    private static ActivityException failed(String channel, Secret url, String why, boolean retryable) {
        String message = "unable to post to " + channel + ": " + scrub(why, url);
        return new ActivityException(
                retryable ? FailureType.NOTIFICATION_FAILED : FailureType.NOTIFICATION_REJECTED,
                message,
                retryable,
                null);
    }

    /** The URL, or its path, where an exception or an answer quoted it, becomes the ${ENV} reference. */
    static String scrub(String text, Secret url) {
        String out = text.replace(url.reveal(), url.reference());
        String path = URI.create(url.reveal()).getRawPath();
        return path == null || path.length() < 2 ? out : out.replace(path, "/…");
    }
}

package dev.pgdrill.activities.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.workflows.notify.Notification;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JSON POST per notice, signed: {@code X-Pgdrill-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>}
 * with the timestamp (Unix seconds) in {@code X-Pgdrill-Timestamp}, so a receiver can refuse a forged body and a
 * replayed old one.
 */
final class WebhookChannel implements NoticeChannel {
    static final String SIGNATURE = "X-Pgdrill-Signature";
    static final String TIMESTAMP = "X-Pgdrill-Timestamp";
    static final String EVENT = "X-Pgdrill-Event";

    private final Secret url;
    private final Secret secret;
    private final HttpPost http;
    private final Clock clock;

    WebhookChannel(Secret url, Secret secret, HttpPost http, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String send(Notification n) throws ActivityException {
        String body = body(n).toString();
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        return http.post(
                "the webhook",
                url,
                body,
                Map.of(
                        TIMESTAMP,
                        timestamp,
                        SIGNATURE,
                        "sha256=" + sign(secret.reveal(), timestamp + "." + body),
                        EVENT,
                        n.kind()));
    }

    static ObjectNode body(Notification n) {
        ObjectNode o = Json.MAPPER.valueToTree(n);
        o.put("severity", n.severity().key());
        o.put("source", "pgdrill");
        return o;
    }

    /** Hex HMAC-SHA256 of {@code payload} under {@code key}. */
    static String sign(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}

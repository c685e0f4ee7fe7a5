package dev.pgdrill.core.config;

import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.ChannelRoute;
import dev.pgdrill.workflows.notify.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code alerts:} section: the channels, each optional. Its own type because it changes when a channel is
 * added, which the rest of the configuration does not.
 */
public record AlertChannels(Optional<Slack> slack, Optional<Email> email, Optional<Webhook> webhook) {
    /** The configured channels with their least severity, for runs' requests (no URL, no secret). */
    public List<ChannelRoute> routes() {
        List<ChannelRoute> out = new ArrayList<>();
        slack.ifPresent(s -> out.add(new ChannelRoute(Channel.SLACK, s.minSeverity())));
        email.ifPresent(e -> out.add(new ChannelRoute(Channel.EMAIL, e.minSeverity())));
        webhook.ifPresent(w -> out.add(new ChannelRoute(Channel.WEBHOOK, w.minSeverity())));
        return out;
    }

    /** @param webhookUrl a Slack incoming webhook (or any http(s) URL taking its JSON): a secret */
    public record Slack(Secret webhookUrl, Severity minSeverity) {}

    public enum EmailTls {
        /** Plain SMTP upgraded with STARTTLS, which must succeed (default port 587). */
        STARTTLS(587),
        /** TLS from the first byte, SMTPS (default port 465). */
        TLS(465),
        /** No encryption (default port 25): for a relay on the same host only. */
        NONE(25);

        private final int defaultPort;

        EmailTls(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    public record Email(
            String host,
            int port,
            EmailTls tls,
            Optional<String> username,
            Optional<Secret> password,
            String from,
            List<String> to,
            Severity minSeverity) {}

    /** @param secret the shared secret of the body's HMAC-SHA256 signature */
    public record Webhook(Secret url, Secret secret, Severity minSeverity) {}
}

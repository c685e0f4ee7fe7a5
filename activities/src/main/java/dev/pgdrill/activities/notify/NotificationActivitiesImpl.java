package dev.pgdrill.activities.notify;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.DeliveryRow;
import dev.pgdrill.core.config.AlertChannels;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.NotificationActivities;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.Delivery;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Notification;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The channels the worker's configuration has; every attempt recorded in the catalog. */
public final class NotificationActivitiesImpl implements NotificationActivities {
    private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

    private final Catalog catalog;
    private final Map<Channel, NoticeChannel> channels;

    public NotificationActivitiesImpl(PgdrillConfig config) {
        this(config, new Properties());
    }

    /** @param emailOverrides SMTP session properties for the tests (a socket factory trusting their server) */
    NotificationActivitiesImpl(PgdrillConfig config, Properties emailOverrides) {
        this.catalog = new Catalog(config.catalogProfile());
        this.channels = new EnumMap<>(Channel.class);
        HttpPost http = new HttpPost();
        AlertChannels a = config.alerts();
        a.slack().ifPresent(s -> channels.put(Channel.SLACK, new SlackChannel(s.webhookUrl(), http)));
        a.email().ifPresent(e -> channels.put(Channel.EMAIL, new EmailChannel(e, emailOverrides)));
        a.webhook()
                .ifPresent(w -> channels.put(
                        Channel.WEBHOOK, new WebhookChannel(w.url(), w.secret(), http, Clock.systemUTC())));
    }

    @Override
    public DeliveryOutcome deliver(Delivery d) {
        NoticeChannel channel = channels.get(d.channel());
        if (channel == null) {
            throw FailureType.CONFIGURATION.permanent(
                    "unable to notify through " + d.channel().key() + ": this worker's configuration has no alerts."
                            + d.channel().key());
        }
        int attempt = Activity.getExecutionContext().getInfo().getAttempt();
        try {
            String answer = channel.send(d.notification());
            record(d, attempt, "DELIVERED", answer);
            return new DeliveryOutcome(d.channel(), true, answer);
        } catch (ActivityException e) {
            record(d, attempt, "FAILED", e.getMessage());
            log.warn(
                    "{} notice {} ({}), attempt {}: {}",
                    d.channel().key(),
                    d.notification().key(),
                    d.notification().kind(),
                    attempt,
                    e.getMessage());
            throw Failures.of(e);
        }
    }

    /**
     * The attempt in the catalog. A catalog that cannot be written is logged, not thrown: failing a delivery
     * that happened would send it again.
     */
    private void record(Delivery d, int attempt, String outcome, String detail) {
        Notification n = d.notification();
        try {
            catalog.alerts()
                    .recordDelivery(new DeliveryRow(
                            n.alertId(),
                            n.key(),
                            n.kind(),
                            d.channel().key(),
                            attempt,
                            Instant.now(),
                            outcome,
                            detail,
                            d.workflowId()));
        } catch (CatalogException e) {
            log.warn("unable to record the {} delivery of {}: {}", d.channel().key(), n.key(), e.getMessage());
        }
    }
}

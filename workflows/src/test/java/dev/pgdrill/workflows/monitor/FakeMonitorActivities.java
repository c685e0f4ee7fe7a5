package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.Delivery;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.testing.UnusedActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The catalog's alert table in memory, with the catalog's rule (a change is made only while the alert is as the
 * run read it), and channels that record what they were sent: the webhook refuses everything (a 400), email
 * fails its first attempt of every notice (a 5xx) and then takes it.
 */
class FakeMonitorActivities extends UnusedActivities {
    volatile Function<Instant, MonitorFacts> facts;
    /** Set: every change is made by "another run" first. */
    volatile boolean anotherRunWins;

    final Map<Long, OpenAlert> open = new ConcurrentHashMap<>();
    final List<String> resolved = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> emailAttempts = new CopyOnWriteArrayList<>();
    final List<String> webhookAttempts = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public MonitorFacts readFacts(FactsRequest r) {
        return facts.apply(r.at());
    }

    @Override
    public List<OpenAlert> openAlerts() {
        return new ArrayList<>(open.values());
    }

    @Override
    public synchronized long applyChange(ChangeRequest r) {
        if (anotherRunWins) {
            return 0;
        }
        AlertChange c = r.change();
        if (c.kind() == ChangeKind.OPENED) {
            long id = ids.incrementAndGet();
            open.put(id, new OpenAlert(id, c.finding(), r.at(), r.at(), 0));
            return id;
        }
        OpenAlert a = open.get(c.alertId());
        if (a == null || !a.lastNotifiedAt().equals(c.lastNotifiedAt())) {
            return 0;
        }
        if (c.kind() == ChangeKind.RESOLVED) {
            open.remove(c.alertId());
            resolved.add(c.finding().key());
        } else {
            open.put(a.alertId(), new OpenAlert(a.alertId(), c.finding(), a.openedAt(), r.at(), a.reminders() + 1));
        }
        return a.alertId();
    }

    @Override
    public DeliveryOutcome deliver(Delivery d) {
        String what = d.channel().key() + " " + d.notification().kind() + " "
                + d.notification().key();
        if (d.channel() == Channel.WEBHOOK) {
            webhookAttempts.add(what);
            throw FailureType.NOTIFICATION_REJECTED.permanent("webhook answered HTTP 400");
        }
        if (d.channel() == Channel.EMAIL) {
            emailAttempts.add(what);
            if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
                throw ApplicationFailure.newFailure("451 try again later", "SmtpTemporary");
            }
        }
        sent.add(what);
        return new DeliveryOutcome(d.channel(), true, "ok");
    }
}

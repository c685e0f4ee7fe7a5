package dev.pgdrill.workflows.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open → remind → resolve, decided from this run's findings and the alerts the catalog holds open. Pure.
 * A reminder keeps the alert's first {@code since}: the condition has held since then.
 */
public final class AlertLifecycle {
    private AlertLifecycle() {}

    public static List<AlertChange> plan(
            List<Finding> findings, List<OpenAlert> open, Instant now, Duration renotifyAfter) {
        Map<String, OpenAlert> byKey = new LinkedHashMap<>();
        open.forEach(a -> byKey.put(a.key(), a));
        List<AlertChange> out = new ArrayList<>();
        for (Finding f : findings) {
            OpenAlert a = byKey.remove(f.key());
            if (a == null) {
                out.add(new AlertChange(ChangeKind.OPENED, 0, f, Instant.EPOCH));
            } else if (f.severity().compareTo(a.severity()) > 0) {
                out.add(new AlertChange(ChangeKind.ESCALATED, a.alertId(), keepSince(f, a), a.lastNotifiedAt()));
            } else if (!now.isBefore(a.lastNotifiedAt().plus(renotifyAfter))) {
                out.add(new AlertChange(ChangeKind.REMINDED, a.alertId(), keepSince(f, a), a.lastNotifiedAt()));
            }
        }
        byKey.values()
                .forEach(a ->
                        out.add(new AlertChange(ChangeKind.RESOLVED, a.alertId(), a.finding(), a.lastNotifiedAt())));
        return out;
    }

    private static Finding keepSince(Finding f, OpenAlert a) {
        return new Finding(
                f.key(),
                f.check(),
                f.subject(),
                f.severity(),
                f.title(),
                f.message(),
                a.finding().since(),
                f.hint());
    }
}

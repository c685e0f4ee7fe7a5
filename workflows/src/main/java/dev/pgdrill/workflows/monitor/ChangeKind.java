package dev.pgdrill.workflows.monitor;

/** What happens to an alert in one monitor run; each is notified once. */
public enum ChangeKind {
    /** A finding with no open alert: the alert opens. */
    OPENED,
    /** Still open, and quiet for {@code monitor.renotifyAfter}: a reminder. */
    REMINDED,
    /** Still open and now more severe (an info size change became a warning): notified as it rises. */
    ESCALATED,
    /** Open, and no longer found: resolved. */
    RESOLVED
}

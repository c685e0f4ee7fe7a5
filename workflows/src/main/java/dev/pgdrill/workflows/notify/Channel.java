package dev.pgdrill.workflows.notify;

import java.util.Locale;

/** Where notices go: each is its own activity, so one failing channel never holds up another. */
public enum Channel {
    SLACK,
    EMAIL,
    WEBHOOK;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

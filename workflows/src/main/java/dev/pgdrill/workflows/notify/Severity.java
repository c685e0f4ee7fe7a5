package dev.pgdrill.workflows.notify;

import java.util.Locale;

/** How bad a finding or a notice is; channels take what is at least their {@code minSeverity}. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** {@code info}, {@code warning}, {@code critical}, as the configuration and the JSON write them. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

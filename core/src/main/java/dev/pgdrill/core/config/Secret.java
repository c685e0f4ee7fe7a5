package dev.pgdrill.core.config;

import java.util.Objects;

/**
 * A secret read from an environment variable. {@link #toString()} never shows the value, so a secret
 * that ends up in a log line, an exception or a report prints as its reference only.
 */
public final class Secret {
    private final String reference;
    private final String value;

    public Secret(String reference, String value) {
        this.reference = Objects.requireNonNull(reference);
        this.value = Objects.requireNonNull(value);
    }

    /** The value, for the one place that must hand it to a driver or a subprocess environment. */
    public String reveal() {
        return value;
    }

    /** Where the value came from, e.g. {@code ${PROD_PW}}. */
    public String reference() {
        return reference;
    }

    @Override
    public String toString() {
        return reference;
    }
}

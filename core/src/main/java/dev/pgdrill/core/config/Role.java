package dev.pgdrill.core.config;

import java.util.Locale;

/** What a database profile is for; decides which privileges doctor asks of it. */
public enum Role {
    PRODUCTION,
    STAGING,
    SANDBOX,
    CATALOG;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Production, staging and sandbox servers get databases created and renamed on them. */
    public boolean needsCreatedb() {
        return this != CATALOG;
    }
}

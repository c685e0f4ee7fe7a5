package dev.pgdrill.core.config;

import java.util.Optional;

/**
 * A connection pooler (pgbouncer) that applications reach a production database through: its admin
 * console, where the production switch runs {@code PAUSE <database>} before it closes production and
 * {@code RESUME <database>} once it reopened it, so clients wait a moment instead of failing.
 *
 * @param database the pooler's name for production's database (default: the profile's database)
 * @param password only ever a {@code ${ENV}} reference
 */
public record Pooler(String host, int port, String user, Optional<Secret> password, String database) {}

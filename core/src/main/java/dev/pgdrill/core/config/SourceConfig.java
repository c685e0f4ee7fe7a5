package dev.pgdrill.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a production profile's backups come from ({@code databases.<name>.source}). Workflows carry only
 * the profile's name; the worker looks its source up here, so a credential such as Supabase's access
 * token never enters a workflow's history.
 */
public sealed interface SourceConfig {
    /** The name used in the configuration file and in reports: pgdump, pgbackrest or supabase. */
    String kind();

    /** Logical backups pgdrill makes itself with pg_dump into its repository (the default). */
    record PgDump() implements SourceConfig {
        @Override
        public String kind() {
            return "pgdump";
        }
    }

    /**
     * A pgBackRest stanza: physical backups and WAL, restored into an ephemeral cluster.
     *
     * @param configFile pgbackrest.conf to pass as {@code --config}; empty: pgBackRest's own default
     * @param repo       the repository number ({@code --repo}) to read from
     * @param backupType what {@code pgdrill backup run} takes ({@code --type}): full (default), diff or incr
     * @param dataDirectory production's data directory on the worker's host (absolute): what an emergency
     *                   restore's cluster-level switch replaces (empty: drills only, emergency restores refused)
     * @param processMax {@code --process-max} for pgdrill's restores and verifies; empty: pgbackrest.conf's own
     *                   when it sets one, else the worker's core count (pgBackRest's default is one process)
     */
    record PgBackRest(
            String stanza,
            Optional<Path> configFile,
            int repo,
            String backupType,
            Optional<Path> dataDirectory,
            Optional<Integer> processMax)
            implements SourceConfig {
        public static final List<String> TYPES = List.of("full", "diff", "incr");

        /** A stanza whose backups pgdrill takes as full ones. */
        public PgBackRest(String stanza, Optional<Path> configFile, int repo) {
            this(stanza, configFile, repo, "full");
        }

        /** A stanza pgdrill drills but does not replace in an emergency (no data directory configured). */
        public PgBackRest(String stanza, Optional<Path> configFile, int repo, String backupType) {
            this(stanza, configFile, repo, backupType, Optional.empty());
        }

        /** A stanza restored with the default process count. */
        public PgBackRest(
                String stanza, Optional<Path> configFile, int repo, String backupType, Optional<Path> dataDirectory) {
            this(stanza, configFile, repo, backupType, dataDirectory, Optional.empty());
        }

        @Override
        public String kind() {
            return "pgbackrest";
        }
    }

    /**
     * A Supabase project, reached through the Management API.
     *
     * @param projectRef  the project's reference: 20 lowercase letters
     * @param accessToken a personal or organisation access token, only ever a {@code ${ENV}} reference
     * @param apiUrl      the Management API's base URL (the public one unless tests point it elsewhere)
     */
    record Supabase(String projectRef, Secret accessToken, URI apiUrl) implements SourceConfig {
        public static final URI PUBLIC_API = URI.create("https://api.supabase.com");

        @Override
        public String kind() {
            return "supabase";
        }
    }
}

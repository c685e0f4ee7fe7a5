package dev.pgdrill.core.config;

import dev.pgdrill.core.Compression;
import dev.pgdrill.workflows.emergency.SignatureMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated contents of pgdrill.yaml. Built only by {@link ConfigLoader}. */
public record PgdrillConfig(
        Path source,
        Temporal temporal,
        Catalog catalog,
        Map<String, DatabaseProfile> databases,
        Repository repository,
        Backup backup,
        Drill drill,
        Approval approval,
        Restore restore,
        Verification verification,
        List<AppCheck> appChecks,
        Tools tools,
        Monitor monitor,
        AlertChannels alerts,
        Dashboard dashboard,
        Map<String, Pooler> poolers,
        Map<String, SourceConfig> sources,
        Fleet fleet) {

    /** The pooler in front of a production profile, if one is configured. */
    public Optional<Pooler> pooler(String profile) {
        return Optional.ofNullable(poolers.get(profile));
    }

    /** Where a profile's backups come from: its {@code source}, else pgdrill's own pg_dump backups. */
    public SourceConfig source(String profile) {
        return sources.getOrDefault(profile, new SourceConfig.PgDump());
    }

    /**
     * Where Temporal is and how to reach it. Unset keys fall back to Temporal's own environment configuration
     * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, the temporal.toml profile).
     *
     * @param apiKey an API key (Temporal Cloud), sent as a bearer token; only ever a {@code ${ENV}} reference
     * @param tls    TLS to the frontend (server CA, client certificate and key for mTLS); empty: plaintext
     * @param uiUrl  the Temporal Web UI's base URL, for links to runs ("" when not set)
     */
    public record Temporal(
            String address,
            String namespace,
            String taskQueue,
            Optional<Secret> apiKey,
            Optional<Tls> tls,
            String uiUrl) {
        /** Plaintext, no API key, no UI link. */
        public Temporal(String address, String namespace, String taskQueue) {
            this(address, namespace, taskQueue, Optional.empty(), Optional.empty(), "");
        }

        /** The Temporal UI page of one run, or empty when no {@code temporal.uiUrl} is set. */
        public Optional<String> runLink(String workflowId, String runId) {
            return uiUrl.isEmpty()
                    ? Optional.empty()
                    : Optional.of(uiUrl.replaceAll("/+$", "") + "/namespaces/" + namespace + "/workflows/" + workflowId
                            + "/" + runId + "/history");
        }
    }

    /**
     * @param serverCa   the CA that signed the frontend's certificate (empty: the JVM's trust store)
     * @param clientCert the client certificate (PEM) for mTLS, with {@code clientKey} (PKCS#8 PEM)
     * @param serverName the name to check the frontend's certificate against (empty: the address's host)
     */
    public record Tls(
            Optional<Path> serverCa, Optional<Path> clientCert, Optional<Path> clientKey, String serverName) {}

    /** @param database the profile whose server holds the {@code pgdrill} schema */
    public record Catalog(String database) {}

    /**
     * @param path          the backup repository (may be shared by several workers)
     * @param encryptionKey the passphrase backups are encrypted with, if any
     * @param workDir       where this host's workers keep plaintext while they need it (decrypted dumps,
     *                      libpq password files): one private 0700 folder per worker process, see
     *                      {@code dev.pgdrill.activities.WorkDir}; default {@code ${java.io.tmpdir}/pgdrill-work}
     */
    /**
     * @param compression how backups' data files are stored ({@code repository.compression}): {@code zstd}, pg_dump
     *                    writes them uncompressed and pgdrill compresses each (multi-threaded) in the pass that hashes
     *                    and encrypts it; {@code gzip}, pg_dump's own; {@code none}; the manifest records the same
     */
    public record Repository(Path path, Optional<Secret> encryptionKey, Path workDir, Compression compression) {
        /** zstd at its default level, the default. */
        public Repository(Path path, Optional<Secret> encryptionKey, Path workDir) {
            this(path, encryptionKey, workDir, Compression.DEFAULT);
        }
    }

    /** @param databases the profiles backed up ({@code backup.databases}, or {@code backup.database} alone) */
    public record Backup(List<String> databases, String schedule, int retentionDays, int jobs) {
        public Backup(String database, String schedule, int retentionDays, int jobs) {
            this(List.of(database), schedule, retentionDays, jobs);
        }

        /** The first listed profile: what a command without {@code --database} or {@code --all} works on. */
        public String database() {
            return databases.get(0);
        }
    }

    /**
     * @param databases        the profiles drilled (default: every backed-up one)
     * @param afterEveryBackup drill each new backup right after it completes (besides the scheduled drill)
     */
    public record Drill(
            String target, String schedule, int windowDays, List<String> databases, boolean afterEveryBackup) {}

    /**
     * @param signatures whether approvals must be signed: off, optional, required
     * @param keys       approver → base64 X.509 Ed25519 public key ({@code pgdrill approver keygen} prints it)
     */
    public record Approval(
            String phrase,
            List<String> approvers,
            boolean distinctFromRequester,
            Duration timeout,
            SignatureMode signatures,
            Map<String, String> keys) {}

    /**
     * The emergency restore.
     *
     * @param staging       the profile whose server takes the staging restores (empty: none configured)
     * @param maxAttempts   candidates tried on staging before giving up
     * @param reminderEvery how often a waiting approval is reminded
     * @param prepareBeforeApproval restore and verify the side database next to production while the
     *                      approval is awaited (default true), so that after it only the switch remains
     * @param reuseStaging  when staging is on production's server as production's user (default true): the
     *                      staging restore keeps production's owners, grants and settings, and the side database
     *                      is a copy of the verified staging database, so the backup is restored once
     */
    public record Restore(
            String staging,
            int maxAttempts,
            Duration reminderEvery,
            boolean prepareBeforeApproval,
            boolean reuseStaging) {}

    /**
     * What a restored database is checked against, beyond the backup's own manifest.
     *
     * @param tables     tables that must exist (schema.table), whatever the manifest says
     * @param minRows    table (schema.table) → the fewest rows it may have
     * @param assertions SQL queries that must each return one true
     * @param amcheck    run amcheck (heap and B-tree checks, as pg_amcheck does) on the restored database
     */
    /**
     * @param jobs            connections the checks of one restored database are spread over (amcheck's
     *                        included); default the worker's core count
     * @param externalSources profiles whose live schema a backup pgdrill did not make may be compared with
     *                        ({@code pgdrill verify --file F --source P}): reading production's catalog is
     *                        allowed only for the profiles listed here
     */
    public record Verification(
            List<String> tables,
            Map<String, Long> minRows,
            List<Freshness> freshness,
            List<Assertion> assertions,
            boolean amcheck,
            List<String> externalSources,
            int jobs) {
        public Verification(
                List<String> tables,
                Map<String, Long> minRows,
                List<Freshness> freshness,
                List<Assertion> assertions,
                boolean amcheck,
                List<String> externalSources) {
            this(tables, minRows, freshness, assertions, amcheck, externalSources, defaultJobs());
        }

        public static int defaultJobs() {
            return Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors()));
        }
    }

    public record Assertion(String name, String sql) {}

    /**
     * A check of the application against a restored database: a command (run with DATABASE_URL and PG*
     * pointing at it) or an HTTP GET that must answer 2xx.
     *
     * @param env      the worker's environment variables the command also gets (when set); nothing else of
     *                 the worker's environment reaches it
     * @param user     the role the command connects as (the application's, so that it sees what the application
     *                 sees: grants, row-level security); empty for the profile's own user
     * @param password that role's password, only ever a {@code ${ENV}} reference
     */
    public record AppCheck(
            String name,
            List<String> command,
            String url,
            Duration timeout,
            List<String> env,
            String user,
            Optional<Secret> password) {
        /** Connecting as the profile's user. */
        public AppCheck(String name, List<String> command, String url, Duration timeout, List<String> env) {
            this(name, command, url, timeout, env, "", Optional.empty());
        }
    }

    /**
     * The newest value of {@code column} in {@code schema.table} must be within {@code maxAge} of the
     * backup's time; every backup records that value in its manifest.
     */
    public record Freshness(String schema, String table, String column, Duration maxAge) {
        public String qualifiedTable() {
            return schema + "." + table;
        }
    }

    /** @param pgBinDir where pg_dump and pg_restore live; empty means the PATH */
    public record Tools(Optional<Path> pgBinDir) {}

    /**
     * The backup monitor (BackupMonitorWorkflow) and its rules.
     *
     * @param schedule     cron of the monitor's schedule (UTC), hourly by default
     * @param minFreeBytes the repository's free space below which it is critical; 0: not checked
     */
    public record Monitor(
            String schedule,
            Duration maxBackupAge,
            int sizeChangePercent,
            Duration maxDrillAge,
            long minFreeBytes,
            Duration renotifyAfter) {}

    /**
     * The dashboard: {@code pgdrill status}, and the worker's web page, JSON and metrics.
     *
     * @param listen  host:port the worker serves on, or empty for none
     * @param token   the bearer token every request but /healthz carries (required beyond loopback)
     * @param url     the address people open the dashboard at, for links in alerts; empty: no link
     * @param window  how far back the success metrics look
     * @param metrics critical metrics: named SQL over the newest verified data
     */
    public record Dashboard(
            String listen,
            Optional<Secret> token,
            String url,
            Duration window,
            List<Metric> metrics,
            Targets targets) {}

    /** @param sql returns one row: a number, optionally followed by a text shown next to it */
    public record Metric(String name, String sql) {}

    /** The runbook's Success Metrics targets. Rates are percentages. */
    public record Targets(
            int backupSuccessRate,
            Duration backupDuration,
            int restoreTestSuccess,
            Duration rto,
            Duration rpo,
            int drillCompletion) {}

    /**
     * The profile by name; the loader has already checked every reference, so a miss is user input (a
     * command-line option) or a request made under an older configuration.
     */
    public DatabaseProfile profile(String name) {
        DatabaseProfile p = databases.get(name);
        if (p == null) {
            throw new UnknownProfileException(name, databases.keySet());
        }
        return p;
    }

    public DatabaseProfile catalogProfile() {
        return profile(catalog.database());
    }
}

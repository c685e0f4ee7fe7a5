package dev.pgdrill.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real pgBackRest stanza on a cluster of its own (one per test class: WAL archiving needs settings the
 * shared cluster does not have): {@code archive_command = pgbackrest archive-push}, a posix repository, a
 * pgbackrest.conf written here, Debian's pgbackrest. As root, pgbackrest runs as the cluster's OS user
 * (postgres), like the server's own archive-push does, so everything in the repository is that user's.
 */
public final class PgBackRestStanza implements AutoCloseable {
    private static final Pattern LABEL = Pattern.compile("\"label\":\"([^\"]+)\"");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final String stanza;
    private final Path base;
    private final Path config;
    private final PostgresCluster cluster;

    private PgBackRestStanza(String stanza, Path base, Path config, PostgresCluster cluster) {
        this.stanza = stanza;
        this.base = base;
        this.config = config;
        this.cluster = cluster;
    }

    /** A cluster archiving into a fresh repository, and {@code stanza-create}. */
    public static PgBackRestStanza create(String stanza) {
        try {
            // Like PostgresCluster: as root, under /tmp, where the postgres user can reach it.
            Path base = ROOT
                    ? Files.createTempDirectory("pgdrill-test-pgbackrest-")
                    : Files.createDirectories(Path.of("target").toAbsolutePath())
                            .resolve("pgbackrest-" + ProcessHandle.current().pid() + "-" + stanza);
            Files.createDirectories(base);
            Path socket = Files.createDirectories(base.resolve("socket"));
            for (String d : List.of("repo", "lock", "log")) {
                Files.createDirectories(base.resolve(d));
            }
            Path config = base.resolve("pgbackrest.conf");
            List<String> settings = List.of(
                    "wal_level = replica",
                    "archive_mode = on",
                    "archive_command = 'pgbackrest --config=" + config + " --stanza=" + stanza + " archive-push %p'",
                    "unix_socket_directories = '" + socket + "'",
                    "full_page_writes = on", // an online physical backup needs them
                    "max_wal_senders = 2");
            if (ROOT) {
                chownTree(base);
            }
            PostgresCluster cluster = PostgresCluster.start(settings);
            Files.writeString(config, """
                    [global]
                    repo1-path=%s
                    repo1-retention-full=9
                    lock-path=%s
                    log-path=%s
                    log-level-file=off
                    start-fast=y
                    compress-type=lz4
                    [%s]
                    pg1-path=%s
                    pg1-port=%d
                    pg1-socket-path=%s
                    pg1-user=%s
                    """.formatted(
                            base.resolve("repo"),
                            base.resolve("lock"),
                            base.resolve("log"),
                            stanza,
                            cluster.dataDir(),
                            cluster.port(),
                            socket,
                            PostgresCluster.SUPERUSER));
            if (ROOT) {
                chownTree(base);
            }
            PgBackRestStanza s = new PgBackRestStanza(stanza, base, config, cluster);
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "pgbackrest-stanza-remove"));
            s.pgbackrest("stanza-create");
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "unable to create the pgBackRest stanza " + stanza + ": " + e.getMessage(), e);
        }
    }

    public String stanza() {
        return stanza;
    }

    public Path configFile() {
        return config;
    }

    public Path repo() {
        return base.resolve("repo");
    }

    public PostgresCluster cluster() {
        return cluster;
    }

    /** {@code pgbackrest backup --type=TYPE}; returns the new set's label. */
    public String backup(String type) {
        pgbackrest("--type=" + type, "backup");
        List<String> labels = labels();
        return labels.get(labels.size() - 1);
    }

    /** The stanza's labels, oldest first. */
    public List<String> labels() {
        String json = pgbackrest("--output=json", "info");
        List<String> out = new ArrayList<>();
        Matcher m = LABEL.matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Ends the current WAL segment and waits until the archiver has pushed it into the repository. */
    public String switchWalAndWaitArchived() {
        try (Connection c = cluster.connect("postgres");
                Statement st = c.createStatement()) {
            String segment;
            try (ResultSet rs = st.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
                rs.next();
                segment = rs.getString(1);
            }
            for (int i = 0; i < 300; i++) {
                try (ResultSet rs = st.executeQuery("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")) {
                    rs.next();
                    if (rs.getString(1).compareTo(segment) >= 0) {
                        return segment;
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("WAL segment " + segment + " was not archived within 30 s");
        } catch (SQLException e) {
            throw new IllegalStateException("unable to switch WAL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The repository's file of WAL segment {@code segment} (its name has the checksum after it). */
    public Path walFile(String segment) {
        try (Stream<Path> files = Files.walk(repo().resolve("archive"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(segment + "-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + segment + " in the repository"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file of set {@code label} in the repository, by its path in the data directory (e.g. global/pg_control). */
    public Path backupFile(String label, String dataPath) {
        try (Stream<Path> files = Files.list(repo().resolve("backup/" + stanza + "/" + label + "/pg_data/"
                + Path.of(dataPath).getParent()))) {
            String name = Path.of(dataPath).getFileName().toString();
            return files.filter(p -> p.getFileName().toString().equals(name)
                            || p.getFileName().toString().startsWith(name + "."))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + dataPath + " in " + label));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs pgbackrest with this stanza's config; returns stdout, throws with its output when it fails. */
    public String pgbackrest(String... args) {
        List<String> cmd = new ArrayList<>();
        if (ROOT) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of("pgbackrest", "--config=" + config, "--stanza=" + stanza, "--log-level-console=error"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "unable to run pgbackrest (install it: scripts/install-prereqs): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        cluster.close();
        PostgresCluster.deleteTree(base);
    }

    private static void chownTree(Path dir) throws IOException {
        UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, pg);
            }
        }
    }
}

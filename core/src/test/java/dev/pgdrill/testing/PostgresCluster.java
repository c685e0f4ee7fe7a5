package dev.pgdrill.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster made from this machine's own server binaries: initdb into a fresh
 * directory, a free loopback port, password authentication over TCP (so wrong-password paths are real),
 * stopped and removed at the end. A missing binary fails loudly: tests never skip for want of a server.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "pgdrill-test-superuser";
    public static final String HOST = "127.0.0.1";

    private final Path binDir;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final List<String> settings;
    private volatile boolean running;

    private PostgresCluster(Path binDir, Path baseDir, int port, boolean asPostgresUser, List<String> settings) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.settings = settings;
    }

    /** initdb + pg_ctl start; registers a shutdown hook too, so a killed test JVM still stops the server. */
    public static PostgresCluster start() {
        return start(List.of());
    }

    /**
     * A cluster with {@code settings} ({@code name = 'value'} lines) appended to its postgresql.conf, e.g.
     * WAL archiving for a pgBackRest stanza. A setting named there wins over the harness's own command-line
     * defaults (unix_socket_directories included: pgBackRest reaches its cluster through a socket).
     */
    public static PostgresCluster start(List<String> settings) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path bin = findBinDir();
            // initdb refuses to run as root. As root we run the server as the 'postgres' OS user, in a
            // directory under /tmp: a checkout's target/ may sit below a 0700 folder that user cannot enter.
            Path base = root
                    ? Files.createTempDirectory("pgdrill-test-pg-")
                    : Files.createDirectories(Path.of("target"))
                            .toAbsolutePath()
                            .resolve("pgcluster-" + ProcessHandle.current().pid());
            Files.createDirectories(base);
            PostgresCluster c = new PostgresCluster(bin, base, freePort(), root, settings);
            c.initAndStart();
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "pg-test-cluster-stop"));
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("unable to start the test PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Path binDir() {
        return binDir;
    }

    /** The data directory (a pgBackRest stanza's pg1-path). */
    public Path dataDir() {
        return dataDir;
    }

    /** The cluster's own folder: its data directory, log and whatever a test keeps next to it. */
    public Path baseDir() {
        return baseDir;
    }

    public Connection connect(String database) throws SQLException {
        return connect(database, SUPERUSER, SUPERUSER_PASSWORD);
    }

    public Connection connect(String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + database, p);
    }

    /** Runs statements as the superuser in {@code database}, each on its own (so CREATE DATABASE works). */
    public void execute(String database, String... sql) {
        try (Connection c = connect(database);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed in " + database + ": " + e.getMessage(), e);
        }
    }

    /** Database names matching a LIKE pattern, sorted. */
    public List<String> databasesLike(String pattern) {
        List<String> out = new ArrayList<>();
        try (Connection c = connect("postgres");
                PreparedStatement ps =
                        c.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ? ORDER BY 1")) {
            ps.setString(1, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("unable to list databases: " + e.getMessage(), e);
        }
        return out;
    }

    /** The sandboxes and side databases pgdrill creates (the catalog database excluded). */
    public List<String> pgdrillDatabases() {
        List<String> out = new ArrayList<>(databasesLike("pgdrill\\_%"));
        out.remove("pgdrill_catalog");
        out.addAll(databasesLike("%\\_\\_pgdrill\\_%"));
        return out;
    }

    /** {@code count(*)} of a table. */
    public long count(String database, String table) {
        try (Connection c = connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("unable to count " + database + "." + table + ": " + e.getMessage(), e);
        }
    }

    public void createDatabase(String name) {
        execute(
                "postgres",
                "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)",
                "CREATE DATABASE \"" + name + "\"");
    }

    /** A login role with a password; {@code createdb} decides the CREATEDB attribute. */
    public void createRole(String name, String password, boolean createdb) {
        execute(
                "postgres",
                "DROP ROLE IF EXISTS \"" + name + "\"",
                "CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + password + "'" + (createdb ? " CREATEDB" : ""));
    }

    private void initAndStart() throws IOException {
        Path pwfile = baseDir.resolve("pwfile");
        Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n");
        if (asPostgresUser) {
            UserPrincipal pg =
                    baseDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(baseDir, pg);
            Files.setOwner(pwfile, pg);
        }
        run(
                List.of(
                        binDir.resolve("initdb").toString(),
                        "-D",
                        dataDir.toString(),
                        "-U",
                        SUPERUSER,
                        "--pwfile=" + pwfile,
                        "--auth-local=trust",
                        "--auth-host=scram-sha-256",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-sync"),
                120);
        if (!settings.isEmpty()) {
            Files.writeString(
                    dataDir.resolve("postgresql.conf"),
                    "\n" + String.join("\n", settings) + "\n",
                    StandardOpenOption.APPEND);
        }
        // fsync off: a test cluster trades crash safety for speed. No unix socket: TCP on loopback only.
        String opts = "-p " + port + " -c listen_addresses=" + HOST
                + (configures("unix_socket_directories") ? "" : " -c unix_socket_directories=''")
                + " -c fsync=off -c synchronous_commit=off -c max_connections=200"
                + (configures("full_page_writes") ? "" : " -c full_page_writes=off");
        run(
                List.of(
                        binDir.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        baseDir.resolve("server.log").toString(),
                        "-o",
                        opts,
                        "-w",
                        "-t",
                        "60",
                        "start"),
                90);
        running = true;
    }

    private boolean configures(String name) {
        return settings.stream().anyMatch(l -> l.strip().startsWith(name));
    }

    @Override
    public synchronized void close() {
        if (running) {
            running = false;
            try {
                run(
                        List.of(
                                binDir.resolve("pg_ctl").toString(),
                                "-D",
                                dataDir.toString(),
                                "-m",
                                "immediate",
                                "-w",
                                "stop"),
                        60);
            } catch (IOException | RuntimeException e) {
                System.err.println("warning: unable to stop test cluster: " + e.getMessage());
            }
        }
        deleteTree(baseDir);
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Path log = Files.createTempFile("pgdrill-pgctl-", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out after " + timeoutSeconds + "s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8) + serverLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private String serverLog() {
        try {
            Path log = baseDir.resolve("server.log");
            return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code pg_config --bindir} when it holds a server, else the newest /usr/lib/postgresql/N/bin. */
    static Path findBinDir() throws IOException {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Path.of(out);
            }
        } catch (IOException | InterruptedException ignored) {
            // fall through to the Debian layout
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(
                                v -> parseIntOr(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IOException("no PostgreSQL server binaries found (pg_config --bindir has no initdb, and no "
                + "/usr/lib/postgresql/<version>/bin/initdb): install postgresql (Debian) — .ci/run does this");
    }

    private static int parseIntOr(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("warning: unable to remove " + dir + ": " + e.getMessage());
        }
    }
}

package dev.pgdrill.activities.restore;

import dev.pgdrill.testing.PostgresCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Debian's pgbouncer in front of the test cluster's {@code app} database, in session or transaction mode,
 * run in the foreground (as the postgres OS user when the tests run as root: pgbouncer refuses root).
 * A missing pgbouncer fails loudly: {@code scripts/install-prereqs} installs it.
 */
final class Pgbouncer implements AutoCloseable {
    final int port;
    private final Path dir;
    private final Process process;

    Pgbouncer(PostgresCluster pg, String poolMode) throws IOException, InterruptedException {
        Path bin = Path.of("/usr/sbin/pgbouncer");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(
                    "pgbouncer not found at " + bin + ": run scripts/install-prereqs" + " (apt-get install pgbouncer)");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("pgdrill-pgbouncer-");
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        Files.writeString(
                dir.resolve("pgbouncer.ini"),
                "[databases]\n"
                        + "app = host=" + PostgresCluster.HOST + " port=" + pg.port() + " dbname=app user=postgres"
                        + " password=" + PostgresCluster.SUPERUSER_PASSWORD + "\n"
                        + "[pgbouncer]\n"
                        + "listen_addr = " + PostgresCluster.HOST + "\n"
                        + "listen_port = " + port + "\n"
                        + "unix_socket_dir =\n"
                        + "auth_type = trust\n"
                        + "auth_file = " + dir.resolve("users.txt") + "\n"
                        + "admin_users = postgres\n"
                        + "pool_mode = " + poolMode + "\n"
                        + "ignore_startup_parameters = extra_float_digits\n"
                        + "server_login_retry = 1\n"
                        + "logfile = " + dir.resolve("pgbouncer.log") + "\n");
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            for (Path p : List.of(dir, dir.resolve("users.txt"), dir.resolve("pgbouncer.ini"))) {
                Files.setOwner(
                        p, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            }
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(bin.toString(), dir.resolve("pgbouncer.ini").toString()));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(PostgresCluster.HOST, port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("pgbouncer did not start: " + log());
                }
                Thread.sleep(50);
            }
        }
    }

    /** A client of {@code app} through the pooler (no server-side prepared statements: transaction mode). */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresCluster.SUPERUSER);
        p.setProperty("prepareThreshold", "0");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + PostgresCluster.HOST + ":" + port + "/app", p);
    }

    /** {@code SHOW DATABASES}' paused column for {@code app}, through the admin console (psql). */
    boolean paused(PostgresCluster pg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(
                        pg.binDir().resolve("psql").toString(),
                        "-X",
                        "-At",
                        "-F",
                        "|",
                        "-h",
                        PostgresCluster.HOST,
                        "-p",
                        String.valueOf(port),
                        "-U",
                        "postgres",
                        "-c",
                        "SHOW DATABASES",
                        "pgbouncer"))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            String[] cols = line.split("\\|", -1);
            if (cols[0].equals("app")) {
                return cols[cols.length - 2].equals("1"); // ... paused | disabled
            }
        }
        throw new IllegalStateException("no app in SHOW DATABASES: " + out);
    }

    String log() throws IOException {
        Path log = dir.resolve("pgbouncer.log");
        return Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("stdout.log"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy); // runuser's child, pgbouncer itself
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
        }
    }
}

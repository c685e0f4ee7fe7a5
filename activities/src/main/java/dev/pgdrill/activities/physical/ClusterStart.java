package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.EphemeralCluster;
import dev.pgdrill.activities.PostmasterPid;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Starts a restored data directory as a throwaway server that cannot touch anything but itself: every
 * setting that could reach outside its folder is overridden on the command line (which beats the restored
 * postgresql.conf): its own data directory, pg_hba and pid file, no archiving, no replication source, no
 * SSL files, loopback only. Then waits until recovery has ended (hot standby off: it accepts connections
 * only once promoted) and sets a random password on the profile's user in this copy, through the socket
 * in its 0700 folder, so pgdrill's checks can reach it over TCP as that user.
 */
final class ClusterStart {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A look at the pid file costs a read; pg_ctl -w looks every 100 ms, so a step timed against it waits less. */
    private static final long PID_FILE_POLL_MILLIS = 20;
    /** After psql could not connect though the pid file said ready (a race at start): as often as pg_ctl -w. */
    private static final long PSQL_POLL_MILLIS = 100;

    private final Path pgCtl;
    private final Path psql;

    ClusterStart(Path pgCtl, Path psql) {
        this.pgCtl = pgCtl;
        this.psql = psql;
    }

    /** Starts the cluster; returns {@code cluster_starts}, with the server log's tail when it does not. */
    CheckResult start(EphemeralCluster c, String user, String database, Duration timeout, ProgressListener listener)
            throws IOException {
        return start(c, user, database, timeout, listener, true);
    }

    /**
     * With {@code ownPassword} false (a side cluster that will become production), no role is changed: the copy
     * keeps production's passwords, and pgdrill connects with the profile's own (md5 in its pg_hba accepts a
     * SCRAM or an MD5 password hash alike).
     */
    CheckResult start(
            EphemeralCluster c,
            String user,
            String database,
            Duration timeout,
            ProgressListener listener,
            boolean ownPassword)
            throws IOException {
        Path dir = c.dir();
        Path data = c.dataDir();
        if (dir.toString().contains("'") || dir.toString().contains(" ")) {
            throw new IOException(
                    "repository.workDir must not contain quotes or spaces for a restored cluster: " + dir);
        }
        writeOwned(
                dir.resolve("pg_hba.conf"),
                "local all all trust\nhost all all 127.0.0.1/32 " + (ownPassword ? "scram-sha-256" : "md5") + "\n");
        writeOwned(dir.resolve("pg_ident.conf"), "");
        if (!Files.exists(data.resolve("postgresql.conf"))) {
            // A Debian-style cluster keeps its configuration in /etc, outside the backup.
            writeOwned(data.resolve("postgresql.conf"), "");
        }
        int port = freePort();
        String opts = String.join(
                        " ",
                        "-p " + port,
                        "-c listen_addresses=127.0.0.1",
                        "-c unix_socket_directories='" + dir + "'",
                        "-c data_directory='" + data + "'",
                        "-c hba_file='" + dir.resolve("pg_hba.conf") + "'",
                        "-c ident_file='" + dir.resolve("pg_ident.conf") + "'",
                        "-c external_pid_file=''",
                        "-c archive_mode=off",
                        "-c hot_standby=off",
                        "-c primary_conninfo=''",
                        "-c ssl=off",
                        "-c logging_collector=off",
                        "-c password_encryption=scram-sha-256",
                        // The password pgdrill sets must not reach the server log, whose tail a failed start reports.
                        "-c log_statement=none",
                        "-c log_min_error_statement=panic")
                // A side cluster runs on production's host through the approval: small memory, so it cannot starve
                // production, and no huge pages that production's configuration may have reserved for itself.
                + (ownPassword ? "" : " -c shared_buffers=128MB -c huge_pages=off");
        ServerPrograms.Result started = ServerPrograms.run(
                List.of(
                        pgCtl.toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-o",
                        opts,
                        "-W",
                        "start"),
                Map.of(),
                "",
                Duration.ofMinutes(2),
                listener);
        if (!started.ok()) {
            return failed("pg_ctl start exited " + started.exit() + ": " + started.why(), dir);
        }
        String password = HexFormat.of().formatHex(bytes());
        long begun = System.nanoTime();
        long deadline = begun + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!PostmasterPid.of(data).map(PostmasterPid::ready).orElse(false) && c.running()) {
                // Recovering: read the pid file's status line (no process started per look) until it says ready.
                listener.progress("recovery", 0, 0);
                sleep(PID_FILE_POLL_MILLIS);
                continue;
            }
            ServerPrograms.Result r = psql(dir, port, user, database, "SELECT pg_is_in_recovery();\n", listener);
            if (r.ok() && r.output().strip().equals("f") && !ownPassword) {
                c.write(new EphemeralCluster.Marker(
                        c.marker().name(), c.marker().owner(), c.marker().createdAt(), port, user, ""));
                return CheckResult.pass(
                        "cluster_starts",
                        "recovers, promotes and accepts connections",
                        "accepts connections on 127.0.0.1:" + port,
                        "");
            }
            if (r.ok() && r.output().strip().equals("f")) {
                ServerPrograms.Result set = psql(
                        dir, port, user, database, "ALTER ROLE CURRENT_USER PASSWORD '" + password + "';\n", listener);
                if (!set.ok()) {
                    return CheckResult.fail(
                            "cluster_starts",
                            "recovers, promotes and accepts connections",
                            "no password set",
                            // Without the server log: it may hold the statement.
                            "unable to set a password on '" + user + "' in the copy: psql exited " + set.exit());
                }
                c.write(new EphemeralCluster.Marker(
                        c.marker().name(), c.marker().owner(), c.marker().createdAt(), port, user, password));
                return CheckResult.pass(
                        "cluster_starts",
                        "recovers, promotes and accepts connections",
                        "accepts connections on 127.0.0.1:" + port,
                        "");
            }
            last = r.why();
            if (r.exit() != 2) {
                // psql's 2 is "could not connect" (still recovering); anything else will not change by waiting.
                return failed("psql on the restored cluster exited " + r.exit() + ": " + last, dir);
            }
            // A server that fails removes its pid file; give a starting one a few seconds to write it.
            if (!c.running()
                    && System.nanoTime() - begun > Duration.ofSeconds(5).toNanos()) {
                return failed("the server stopped during recovery: " + last, dir);
            }
            listener.progress("recovery", 0, 0);
            sleep(PSQL_POLL_MILLIS);
        }
        return failed("still recovering after " + timeout + ": " + last, dir);
    }

    private ServerPrograms.Result psql(
            Path socketDir, int port, String user, String database, String sql, ProgressListener listener)
            throws IOException {
        return ServerPrograms.run(
                List.of(
                        psql.toString(),
                        "-X",
                        "-q",
                        "-A",
                        "-t",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        socketDir.toString(),
                        "-p",
                        String.valueOf(port),
                        "-U",
                        user,
                        "-d",
                        database,
                        "-f",
                        "-"),
                Map.of("PGCONNECT_TIMEOUT", "5"),
                sql,
                Duration.ofMinutes(1),
                listener);
    }

    private static CheckResult failed(String why, Path dir) {
        String log = "";
        try {
            Path serverLog = dir.resolve("server.log");
            if (Files.exists(serverLog)) {
                String all = Files.readString(serverLog);
                log = "; server log: …" + all.substring(Math.max(0, all.length() - 2000));
            }
        } catch (IOException e) {
            log = "";
        }
        return CheckResult.fail("cluster_starts", "recovers, promotes and accepts connections", "does not", why + log);
    }

    private static byte[] bytes() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void writeOwned(Path file, String text) throws IOException {
        Files.writeString(file, text);
        if (ServerPrograms.root()) {
            UserPrincipal pg =
                    file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ServerPrograms.POSTGRES);
            Files.setOwner(file, pg);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for recovery", e);
        }
    }
}

package dev.pgdrill.starter;

import io.grpc.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind bin/pgdrill's class-data archive (AppCDS): it loads the classes a command needs by
 * running commands that need no server, so the JVM can store them parsed and verified once per build. The
 * commands run against a throwaway configuration whose PostgreSQL is a closed local port and whose Temporal is a
 * stand-in in this process ({@link TrainingTemporal}): each command ends at once, after loading the configuration,
 * picocli, gRPC, Jackson and the JDBC driver; nothing anywhere is read or changed. Started by bin/pgdrill with {@code -Dpgdrill.training=cds}, never by a person.
 */
final class ClassDataTraining {
    private static final long COMMAND_BUDGET_MS = 3000;

    private ClassDataTraining() {}

    static void run() {
        Path dir = null;
        Server temporal = null;
        try {
            temporal = TrainingTemporal.start();
            dir = Files.createTempDirectory("pgdrill-cds-");
            Path config = config(dir, temporal.getPort());
            for (List<String> args : commands(config)) {
                Thread command = new Thread(() -> execute(args), "pgdrill-training");
                command.setDaemon(true);
                command.start();
                // The Temporal client retries a refused connection for seconds (starting a run): by the first refusal
                // the classes are loaded, so the wait is cut short.
                command.join(COMMAND_BUDGET_MS);
                command.interrupt();
                command.join(COMMAND_BUDGET_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temporal != null) {
                temporal.shutdownNow();
            }
            delete(dir);
        }
    }

    private static void execute(List<String> args) {
        CommandLine cli = PgdrillCli.commandLine();
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        cli.setOut(sink);
        cli.setErr(sink);
        try {
            cli.execute(args.toArray(String[]::new));
        } catch (RuntimeException ignored) {
            // training only: whatever a command throws, its classes are loaded
        }
    }

    private static List<List<String>> commands(Path config) {
        String c = config.toString();
        return List.of(
                List.of("--help"),
                List.of("--version"),
                List.of("restore", "--help"),
                List.of("restore", "start", "--help"),
                List.of("restore", "approve", "--help"),
                List.of("restore", "status", "emergency-restore-production", "--config", c),
                List.of("restore", "status", "emergency-restore-production", "--config", c, "--json"),
                List.of(
                        "restore",
                        "start",
                        "--config",
                        c,
                        "--target",
                        "production",
                        "--requested-by",
                        "training",
                        "--reason",
                        "training",
                        "--json"),
                List.of("backups", "list", "--config", c, "--json"),
                List.of("drill", "run", "--help"),
                List.of("drill", "run", "--backup", "20260101T000000Z", "--wait", "--json", "--config", c),
                List.of("status", "--config", c));
    }

    /** PostgreSQL on a local port nothing listens on (every connection refused at once), Temporal on {@code port}. */
    private static Path config(Path dir, int port) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("repo"));
        String profile = "{ role: %s, host: 127.0.0.1, port: " + closed + ", database: %s, user: training }";
        String yaml = String.join(
                "\n",
                "temporal: { address: \"127.0.0.1:" + port + "\", namespace: default, taskQueue: training }",
                "catalog: { database: ops }",
                "databases:",
                "  production: " + profile.formatted("production", "app"),
                "  staging: " + profile.formatted("staging", "postgres"),
                "  sandbox: " + profile.formatted("sandbox", "postgres"),
                "  ops: " + profile.formatted("catalog", "pgdrill"),
                "repository: { path: repo }",
                "backup: { database: production, schedule: \"0 3 * * *\", retentionDays: 7 }",
                "drill: { target: sandbox, schedule: \"0 4 1 * *\", windowDays: 7 }",
                "approval: { phrase: RESTORE PRODUCTION, approvers: [alice, bob] }",
                "");
        return Files.writeString(dir.resolve("pgdrill.yaml"), yaml);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}

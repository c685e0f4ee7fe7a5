package dev.pgdrill.activities.verify;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Checks that run other programs against the restored database: pg_amcheck and the app checks. */
public final class ExternalChecks {
    /** Output kept in a report: enough to see the failure, never a megabyte of log. */
    static final int MAX_OUTPUT = 4000;

    private ExternalChecks() {}

    /** {@code pg_amcheck --install-missing}: heap and B-tree consistency of the restored database. */
    public static CheckResult amcheck(PgTools tools, DatabaseProfile server, String database) throws SQLException {
        var bin = tools.find("pg_amcheck");
        if (bin.isEmpty()) {
            return new CheckResult(
                    "amcheck",
                    CheckStatus.WARN,
                    "pg_amcheck runs",
                    "not found",
                    "pg_amcheck not found in " + tools.searched() + "; indexes not checked",
                    false);
        }
        Result r = run(
                List.of(bin.get().toString(), "--install-missing", "--no-password", "--jobs=2", database),
                Connections.libpqEnv(server, database),
                Duration.ofHours(2));
        return r.exit == 0
                ? CheckResult.pass("amcheck", "no corruption", "pg_amcheck exit 0", "")
                : CheckResult.fail("amcheck", "no corruption", "pg_amcheck exit " + r.exit, r.output);
    }

    /**
     * One app check: a command run with DATABASE_URL and PG* pointing at the restored database (the
     * password only in PGPASSWORD, never in the URL), or an HTTP GET that must answer 2xx.
     */
    public static CheckResult app(PgdrillConfig.AppCheck check, DatabaseProfile server, String database)
            throws SQLException {
        String name = "app:" + check.name();
        if (!check.url().isEmpty()) {
            try {
                HttpResponse<String> resp = HttpClient.newBuilder()
                        .connectTimeout(check.timeout())
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(check.url()))
                                        .timeout(check.timeout())
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                String body = bounded(resp.body());
                return resp.statusCode() / 100 == 2
                        ? CheckResult.pass(name, "HTTP 2xx", "HTTP " + resp.statusCode(), body)
                        : CheckResult.fail(name, "HTTP 2xx", "HTTP " + resp.statusCode(), body);
            } catch (IOException e) {
                return CheckResult.fail(name, "HTTP 2xx", "no answer", check.url() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.fail(name, "HTTP 2xx", "interrupted", check.url());
            }
        }
        Map<String, String> env = new HashMap<>(Connections.libpqEnv(server, database));
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        env.put(
                "DATABASE_URL",
                "postgresql://" + server.user() + "@" + host + ":" + server.port() + "/" + database + "?sslmode="
                        + server.sslmode());
        Result r = run(check.command(), env, check.timeout());
        return r.exit == 0
                ? CheckResult.pass(name, "exit 0", "exit 0", r.output)
                : CheckResult.fail(
                        name,
                        "exit 0",
                        r.exit == -1 ? "timed out after " + check.timeout() : "exit " + r.exit,
                        r.output);
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        Path log = null;
        try {
            log = Files.createTempFile("pgdrill-check-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, bounded(Files.readString(log, StandardCharsets.UTF_8)));
            }
            return new Result(p.exitValue(), bounded(Files.readString(log, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return new Result(127, "unable to run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    /** The last MAX_OUTPUT characters, where a failure's message usually is. */
    static String bounded(String s) {
        String t = s.strip();
        return t.length() <= MAX_OUTPUT ? t : "…" + t.substring(t.length() - MAX_OUTPUT);
    }
}

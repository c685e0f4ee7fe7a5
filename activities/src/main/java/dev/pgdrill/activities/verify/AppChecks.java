package dev.pgdrill.activities.verify;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.tools.ChildEnvironment;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app checks: the application run (or asked over HTTP) against a restored database. What the app
 * prints may hold anything, rows included, so its whole output goes to a file in the repository,
 * {@code reports/app-checks/<database>-<check>-<time>.log}, and the check result (which enters the
 * workflow's history) carries only the file's path and the output's last {@value #EXCERPT} characters.
 */
public final class AppChecks {
    static final int EXCERPT = 500;

    private AppChecks() {}

    /**
     * One app check: a command run with DATABASE_URL and PG* pointing at the restored database (the
     * password only in PGPASSWORD, never in the URL) plus the worker variables the check declares in
     * {@code env}, and nothing else of the worker's environment; or an HTTP GET that must answer 2xx.
     */
    public static CheckResult run(
            PgdrillConfig.AppCheck check, DatabaseProfile server, String database, Path repositoryRoot)
            throws SQLException {
        String name = "app:" + check.name();
        String expected = check.url().isEmpty() ? "exit 0" : "HTTP 2xx";
        Path log;
        try {
            Path dir = Files.createDirectories(repositoryRoot.resolve("reports").resolve("app-checks"));
            log = dir.resolve((database + "-" + check.name()).replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                    + WorkflowIds.stamp(Instant.now()) + ".log");
        } catch (IOException e) {
            return CheckResult.fail(name, expected, "not run", "no folder for its output: " + e.getMessage());
        }
        Path partial = log.resolveSibling(log.getFileName() + ".tmp");
        return check.url().isEmpty()
                ? command(check, server, database, name, partial, log)
                : http(check, name, partial, log);
    }

    private static CheckResult command(
            PgdrillConfig.AppCheck check, DatabaseProfile server, String database, String name, Path partial, Path log)
            throws SQLException {
        // Declared first: pgdrill's own values for the restored database win (the loader refuses overlaps).
        Map<String, String> env = new HashMap<>(ChildEnvironment.fromWorker(check.env()));
        // As the application's role when one is configured: it must see what the application sees.
        DatabaseProfile as = check.user().isEmpty()
                ? server
                : new DatabaseProfile(
                        server.name(),
                        server.role(),
                        server.host(),
                        server.port(),
                        server.database(),
                        check.user(),
                        check.password(),
                        Optional.empty(),
                        server.sslmode());
        env.putAll(Connections.libpqEnv(as, database));
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        env.put(
                "DATABASE_URL",
                "postgresql://" + as.user() + "@" + host + ":" + server.port() + "/" + database + "?sslmode="
                        + server.sslmode());
        ExternalChecks.Outcome r = ExternalChecks.run(check.command(), env, check.timeout(), partial);
        String detail = r.problem().isEmpty() ? publish(partial, log) : r.problem();
        return r.exit() == 0
                ? CheckResult.pass(name, "exit 0", "exit 0", detail)
                : CheckResult.fail(
                        name,
                        "exit 0",
                        r.exit() == -1 ? "timed out after " + check.timeout() : "exit " + r.exit(),
                        detail);
    }

    private static CheckResult http(PgdrillConfig.AppCheck check, String name, Path partial, Path log) {
        try {
            HttpResponse<Path> resp = HttpClient.newBuilder()
                    .connectTimeout(check.timeout())
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(check.url()))
                                    .timeout(check.timeout())
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofFile(partial));
            String detail = publish(partial, log);
            return resp.statusCode() / 100 == 2
                    ? CheckResult.pass(name, "HTTP 2xx", "HTTP " + resp.statusCode(), detail)
                    : CheckResult.fail(name, "HTTP 2xx", "HTTP " + resp.statusCode(), detail);
        } catch (IOException e) {
            return CheckResult.fail(name, "HTTP 2xx", "no answer", check.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name, "HTTP 2xx", "interrupted", check.url());
        }
    }

    /**
     * Renames the finished output into place (a reader never sees half of it) and returns what the check
     * result keeps: the file's path and the output's end.
     */
    private static String publish(Path partial, Path log) {
        try {
            Files.move(partial, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String excerpt = ExternalChecks.tail(log, EXCERPT);
            return "output: " + log + (excerpt.isEmpty() ? " (empty)" : "\n" + excerpt);
        } catch (IOException e) {
            return "output not kept: " + e.getMessage();
        }
    }
}

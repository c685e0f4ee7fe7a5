package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.tools.ChildEnvironment;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Other programs run against the restored database: pg_amcheck here, the app checks in {@link AppChecks}. */
public final class ExternalChecks {
    /** pg_amcheck's output kept in its check: names of damaged relations and blocks, never row data. */
    static final int MAX_OUTPUT = 4000;

    private ExternalChecks() {}

    /**
     * {@code pg_amcheck --install-missing}: heap and B-tree consistency of the restored database. Its
     * password file and output live in a scratch folder of the worker's private work folder.
     */
    public static CheckResult amcheck(PgTools tools, DatabaseProfile server, String database, Path workDir, int jobs) {
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
        try (ScratchDir scratch = WorkDir.forRoot(workDir).scratch("amcheck-" + database)) {
            Path log = scratch.path().resolve("pg_amcheck.log");
            Outcome r = run(
                    List.of(
                            bin.get().toString(),
                            "--install-missing",
                            "--no-password",
                            "--jobs=" + Math.max(1, jobs),
                            database),
                    scratch.libpqEnv(server, database),
                    Duration.ofHours(2),
                    log);
            String output = r.problem().isEmpty() ? tail(log, MAX_OUTPUT) : r.problem();
            if (r.exit() != 0 && output.contains("permission denied to create extension")) {
                // A non-superuser profile cannot install amcheck: not a finding about the data.
                return new CheckResult(
                        "amcheck",
                        CheckStatus.WARN,
                        "pg_amcheck runs",
                        "amcheck not installable",
                        "the amcheck extension needs a superuser to install (CREATE EXTENSION amcheck in template1,"
                                + " or set verification.amcheck: false); indexes not checked",
                        false);
            }
            return r.exit() == 0
                    ? CheckResult.pass("amcheck", "no corruption", "pg_amcheck exit 0", "")
                    : CheckResult.fail("amcheck", "no corruption", "pg_amcheck exit " + r.exit(), output);
        } catch (IOException | SQLException e) {
            return CheckResult.fail("amcheck", "no corruption", "pg_amcheck not run", e.getMessage());
        }
    }

    /** @param exit the program's exit code; -1 timed out, 127 not started, 130 interrupted (then {@code problem}) */
    record Outcome(int exit, String problem) {}

    /**
     * Runs {@code command} with only {@code env} (and the inherited allow-list), no input, its output and
     * errors into {@code log}; a program still running after {@code timeout} is killed with its children.
     */
    static Outcome run(List<String> command, Map<String, String> env, Duration timeout, Path log) {
        Process p;
        try {
            p = ChildEnvironment.processBuilder(command, env)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return new Outcome(127, "unable to run " + String.join(" ", command) + ": " + e.getMessage());
        }
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Outcome(p.exitValue(), "");
            }
            kill(p);
            return new Outcome(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            return new Outcome(130, "interrupted");
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The last {@code chars} characters of a file, where a failure's message usually is; "…" when cut. */
    static String tail(Path file, int chars) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long from = Math.max(0, ch.size() - 4L * chars); // UTF-8: at most 4 bytes a character
            ByteBuffer buf = ByteBuffer.allocate((int) (ch.size() - from));
            ch.position(from);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // reads to the end
            }
            String t = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return from == 0 && t.length() <= chars ? t : "…" + t.substring(Math.max(0, t.length() - chars));
        }
    }
}

package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.Pooler;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.tools.ChildEnvironment;
import dev.pgdrill.core.tools.PgTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A pooler (pgbouncer) in front of production, held in {@code PAUSE <db>} while a switch step runs and
 * {@code RESUME}d when it ends, however it ends: clients wait a moment instead of failing. The admin console
 * speaks the simple query protocol only (and answers no {@code SET}), so the commands go through psql.
 *
 * <p>PAUSE returns once pgbouncer let go of its server connections: at once in transaction mode (when the
 * transactions in flight ended), only when the clients left in session mode. So the step waits
 * {@value #DRAIN_MS} ms for it and goes on either way: ending production's sessions then releases the last
 * server connections (session clients are cut, as without a pooler) and new clients wait for the RESUME. A
 * worker killed while paused leaves the pool paused until the step's retry, which pauses (a second PAUSE is
 * harmless) and resumes.
 */
final class PoolerPause implements AutoCloseable {
    /** How long a step waits for PAUSE to return before it goes on. */
    static final long DRAIN_MS = 2_000;

    private final Path psql;
    private final Map<String, String> env;
    private final String database;
    private final ScratchDir scratch;
    private final Process pausing;
    private final Path pauseLog;

    /** Pauses the production's pooler for the length of one switch step (a no-op without a pooler). */
    @FunctionalInterface
    interface Pauser {
        PoolerPause pause() throws SQLException;

        static Pauser none() {
            return () -> new PoolerPause();
        }
    }

    /** No pooler: nothing to pause or resume. */
    private PoolerPause() {
        this.psql = null;
        this.env = Map.of();
        this.database = "";
        this.scratch = null;
        this.pausing = null;
        this.pauseLog = null;
    }

    private PoolerPause(Path psql, Map<String, String> env, String database, ScratchDir scratch) throws IOException {
        this.psql = psql;
        this.env = env;
        this.database = database;
        this.scratch = scratch;
        this.pauseLog = scratch.path().resolve("pause.log");
        this.pausing = ChildEnvironment.processBuilder(command("PAUSE"), env)
                .redirectErrorStream(true)
                .redirectOutput(pauseLog.toFile())
                .start();
    }

    /** Pauses production's database on {@code pooler}; nothing at all without one. */
    static PoolerPause pause(Optional<Pooler> pooler, PgTools tools, Path workDir) throws SQLException {
        if (pooler.isEmpty()) {
            return new PoolerPause();
        }
        Pooler p = pooler.get();
        Path psql = tools.find("psql")
                .orElseThrow(() -> new SQLException(
                        "psql not found in " + tools.searched() + ": the pooler's PAUSE needs it", "58P01"));
        DatabaseProfile console = new DatabaseProfile(
                "pooler",
                Role.PRODUCTION,
                p.host(),
                p.port(),
                "pgbouncer",
                p.user(),
                p.password(),
                Optional.empty(),
                "prefer");
        ScratchDir scratch = null;
        PoolerPause pause;
        try {
            scratch = WorkDir.forRoot(workDir).scratch("pooler-" + p.database());
            pause = new PoolerPause(psql, scratch.libpqEnv(console, "pgbouncer"), p.database(), scratch);
        } catch (IOException e) {
            removeQuietly(scratch);
            throw new SQLException(
                    "unable to PAUSE " + p.database() + " on the pooler " + p.host() + ":" + p.port() + ": "
                            + e.getMessage(),
                    "08001",
                    e);
        }
        try {
            pause.awaitDrained();
            return pause;
        } catch (SQLException e) {
            try {
                pause.close();
            } catch (SQLException resumeFailed) {
                e.addSuppressed(resumeFailed);
            }
            throw e;
        }
    }

    /** Waits up to {@value #DRAIN_MS} ms for PAUSE; a PAUSE that failed (the pooler unreachable) fails the step. */
    private void awaitDrained() throws SQLException {
        try {
            if (pausing.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS) && pausing.exitValue() != 0) {
                String out = Files.readString(pauseLog, StandardCharsets.UTF_8).strip();
                throw new SQLException("unable to PAUSE " + database + " on the pooler: " + out, "08001");
            }
        } catch (IOException e) {
            throw new SQLException("unable to read the pooler's answer to PAUSE: " + e.getMessage(), "58030", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the pooler pauses " + database, "57014", e);
        }
    }

    /** RESUME (a database that is not paused is fine) and the end of the pending PAUSE, if any. */
    @Override
    public void close() throws SQLException {
        if (pausing == null) {
            return;
        }
        try {
            Process resume = ChildEnvironment.processBuilder(command("RESUME"), env)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(resume.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!resume.waitFor(30, TimeUnit.SECONDS) || (resume.exitValue() != 0 && !out.contains("is not paused"))) {
                throw new SQLException("unable to RESUME " + database + " on the pooler: " + out.strip(), "08006");
            }
        } catch (IOException e) {
            throw new SQLException("unable to RESUME " + database + " on the pooler: " + e.getMessage(), "08006", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the pooler resumes " + database, "57014", e);
        } finally {
            pausing.destroyForcibly();
            removeQuietly(scratch);
        }
    }

    /** The scratch folder holds the console's password file: removed, a failure to do so logged by nobody. */
    private static void removeQuietly(ScratchDir scratch) {
        if (scratch != null) {
            try {
                scratch.close();
            } catch (IOException e) {
                // a worker's start sweeps what is left in its work folder
            }
        }
    }

    private List<String> command(String verb) {
        return List.of(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", verb + " \"" + database + "\"");
    }
}

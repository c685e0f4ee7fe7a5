package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.tools.ChildEnvironment;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One pg_dump run in directory format, reading the caller's exported snapshot. */
final class PgDumpProcess implements AutoCloseable {
    /** How often the waiting loop reports bytes written (and so heartbeats). */
    private static final long POLL_MILLIS = 2_000;

    private final Process process;
    private final Path outDir;
    private final Path log;

    private PgDumpProcess(Process process, Path outDir, Path log) {
        this.process = process;
        this.outDir = outDir;
        this.log = log;
    }

    /**
     * Starts {@code pg_dump --format=directory --jobs=N --snapshot=S}, with only the environment it needs:
     * the password reaches it in a password file in {@code scratch}, never its command line or environment.
     */
    static PgDumpProcess start(
            Path pgDump, DatabaseProfile p, Path outDir, int jobs, String snapshot, Path log, ScratchDir scratch)
            throws IOException, SQLException {
        List<String> cmd = new ArrayList<>(List.of(
                pgDump.toString(),
                "--format=directory",
                "--jobs=" + jobs,
                "--snapshot=" + snapshot,
                "--file=" + outDir,
                "--no-password"));
        ProcessBuilder pb = ChildEnvironment.processBuilder(cmd, scratch.libpqEnv(p, p.database()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        return new PgDumpProcess(pb.start(), outDir, log);
    }

    /** Waits for pg_dump, reporting bytes written; throws ActivityException with pg_dump's own words. */
    void await(ProgressListener listener) throws ActivityException, IOException, InterruptedException {
        while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            listener.progress("dump", BackupRepository.sizeOf(outDir), 0);
        }
        if (process.exitValue() != 0) {
            String out = tail();
            if (out.contains("No space left on device")
                    || out.contains("File too large")
                    || out.contains("Disk quota exceeded")) {
                throw ActivityException.permanent(
                        FailureType.REPOSITORY, "the repository ran out of space during pg_dump: " + lastLine(out));
            }
            throw new ActivityException(
                    FailureType.DUMP, "pg_dump exited " + process.exitValue() + ": " + lastLine(out), false, null);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            // pg_dump's parallel workers are its children; taking the tree down leaves no writer behind.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String tail() throws IOException {
        String all = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return all.length() > 8192 ? all.substring(all.length() - 8192) : all;
    }

    private static String lastLine(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        // pg_dump ends with "pg_dump: error: ...": the line that says what went wrong.
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("error")) {
                return lines.get(i).replaceFirst("^pg_dump: ", "");
            }
        }
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }
}

package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.tools.ChildEnvironment;
import dev.pgdrill.workflows.FailureType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One pg_dump run in directory format, reading the caller's exported snapshot. */
final class PgDumpProcess implements AutoCloseable {
    /** How often the waiting loop reports bytes written (and so heartbeats). */
    private static final long POLL_MILLIS = 2_000;
    /**
     * What the leader of a parallel pg_dump logs (verbose) once a worker has written and closed a table's data
     * file, {@code <dumpId>.dat}: from then on pg_dump never touches that file again.
     */
    private static final Pattern FINISHED = Pattern.compile("^pg_dump: finished item (\\d+) TABLE DATA .*");

    private final Process process;
    private final Path outDir;
    private final Path log;
    private final Thread reader;
    private volatile IOException readFailure;

    private PgDumpProcess(Process process, Path outDir, Path log, Consumer<Path> finished) {
        this.process = process;
        this.outDir = outDir;
        this.log = log;
        this.reader = new Thread(() -> readOutput(finished), "pgdrill-pg_dump-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code pg_dump --format=directory --jobs=N --snapshot=S}, with only the environment it needs:
     * the password reaches it in a password file in {@code scratch}, never its command line or environment.
     *
     * @param compressLevel pg_dump's {@code --compress} (0: pg_dump writes its data files uncompressed)
     * @param finished      told of each table data file pg_dump has finished writing (parallel dumps only:
     *                      a dump with one job says nothing, and everything is sealed after it exits)
     */
    static PgDumpProcess start(
            Path pgDump,
            DatabaseProfile p,
            Path outDir,
            int jobs,
            int compressLevel,
            String snapshot,
            Path log,
            ScratchDir scratch,
            Consumer<Path> finished)
            throws IOException, SQLException {
        List<String> cmd = new ArrayList<>(List.of(
                pgDump.toString(),
                "--format=directory",
                "--jobs=" + jobs,
                "--compress=" + compressLevel,
                "--snapshot=" + snapshot,
                "--file=" + outDir,
                "--verbose",
                "--no-password"));
        ProcessBuilder pb = ChildEnvironment.processBuilder(cmd, scratch.libpqEnv(p, p.database()))
                .redirectErrorStream(true);
        return new PgDumpProcess(pb.start(), outDir, log, finished);
    }

    /** Copies pg_dump's output to its log, passing on each finished data file. */
    private void readOutput(Consumer<Path> finished) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                Matcher m = FINISHED.matcher(line);
                if (m.matches()) {
                    finished.accept(outDir.resolve(m.group(1) + ".dat"));
                }
            }
        } catch (IOException e) {
            readFailure = e;
        }
    }

    /** Waits for pg_dump, reporting bytes written; throws ActivityException with pg_dump's own words. */
    void await(ProgressListener listener) throws ActivityException, IOException, InterruptedException {
        while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            listener.progress("dump", written(), 0);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30)); // the log is whole before anyone reads it
        if (readFailure != null) {
            throw readFailure;
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

    /**
     * Bytes in the dump folder so far, pg_dump's and the sealer's (which replaces files as it goes, so a
     * file may vanish while it is counted: the folder is flat and only listed).
     */
    private long written() {
        try (Stream<Path> files = Files.list(outDir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
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
        // pg_dump ends with "pg_dump: error: ...": the line that says what went wrong (its verbose lines name
        // tables, which may have "error" in their names).
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("error:")) {
                return lines.get(i).replaceFirst("^pg_dump: ", "");
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("error")) {
                return lines.get(i).replaceFirst("^pg_dump: ", "");
            }
        }
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }
}

package dev.pgdrill.activities.verify;

import dev.pgdrill.core.tools.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Running other programs for checks (pg_restore for {@link ArchiveGrants}, the app checks in {@link AppChecks}). */
public final class ExternalChecks {
    private ExternalChecks() {}

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

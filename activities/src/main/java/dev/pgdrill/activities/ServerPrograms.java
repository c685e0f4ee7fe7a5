package dev.pgdrill.activities;

import dev.pgdrill.core.tools.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's server programs (pg_ctl, postgres, psql on a restored cluster) and pgbackrest, run for pgdrill.
 * PostgreSQL refuses to run as root, and pgBackRest's repository and WAL archive belong to the server's
 * user: so a worker running as root (a container, the test machine) runs them as the {@code postgres} OS
 * user, as Debian's own tooling does; any other worker runs them as itself.
 */
public final class ServerPrograms {
    public static final String POSTGRES = "postgres";
    /** The output kept from a failed program, for its error message. */
    private static final int MAX_OUTPUT = 4000;

    private ServerPrograms() {}

    /**
     * @param exit   the exit code; -1 when it was killed after its timeout
     * @param output what it wrote to stdout
     * @param errors what it wrote to stderr
     */
    public record Result(int exit, String output, String errors) {
        public boolean ok() {
            return exit == 0;
        }

        /** Its error output, else the tail of its output. */
        public String why() {
            String text = (errors.isBlank() ? output : errors).strip();
            return text.length() <= MAX_OUTPUT ? text : "…" + text.substring(text.length() - MAX_OUTPUT);
        }
    }

    /** Whether this JVM runs as root, and so hands the server's programs to {@link #POSTGRES}. */
    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command}, prefixed with {@code runuser -u postgres --} when this worker runs as root. */
    public static List<String> command(List<String> command) {
        List<String> out = new ArrayList<>();
        if (root()) {
            out.addAll(List.of("runuser", "-u", POSTGRES, "--"));
        }
        out.addAll(command);
        return out;
    }

    /**
     * Runs {@code command} (as {@link #command}) with only {@code env} and the inherited allow-list, {@code
     * input} on its stdin, telling {@code listener} every two seconds that it still runs (so the activity
     * heartbeats; the listener throws when the activity was cancelled, and the program is killed); a
     * program still running after {@code timeout} is killed with its children.
     */
    public static Result run(
            List<String> command, Map<String, String> env, String input, Duration timeout, ProgressListener listener)
            throws IOException {
        String what = Path.of(command.get(0)).getFileName().toString();
        Path out = Files.createTempFile("pgdrill-" + what + "-", ".out");
        Path err = Files.createTempFile("pgdrill-" + what + "-", ".err");
        try {
            ProcessBuilder pb = ChildEnvironment.processBuilder(command(command), env)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (input.isEmpty()) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (!input.isEmpty()) {
                try (var stdin = p.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            long seconds = 0;
            try {
                while (!p.waitFor(2, TimeUnit.SECONDS)) {
                    seconds += 2;
                    if (System.nanoTime() > deadline) {
                        kill(p);
                        return new Result(-1, read(out), what + " timed out after " + timeout);
                    }
                    listener.progress(what, seconds, 0);
                }
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + what + " ran", e);
            } catch (RuntimeException cancelled) {
                kill(p);
                throw cancelled;
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}

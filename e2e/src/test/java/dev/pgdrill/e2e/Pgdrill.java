package dev.pgdrill.e2e;

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
import java.util.function.Predicate;

/** Runs the real launchers, bin/pgdrill and bin/pgdrill-worker, as separate processes. */
public final class Pgdrill {
    /** The project root: failsafe runs with the e2e module as working directory. */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Map<String, String> env;

    public Pgdrill(Map<String, String> env) {
        this.env = env;
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    /** Runs {@code bin/pgdrill args...} to completion. */
    public Result cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/pgdrill").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("pgdrill-cli-", ".out");
        Path err = Files.createTempFile("pgdrill-cli-", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("pgdrill " + String.join(" ", args) + " did not finish within 5 minutes");
        }
        Result r = new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** Starts {@code bin/pgdrill-worker}; its output goes to {@code log}. */
    public WorkerProcess worker(Path log, String... args) throws IOException {
        List<String> cmd =
                new ArrayList<>(List.of(ROOT.resolve("bin/pgdrill-worker").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new WorkerProcess(pb.start(), log);
    }

    public record WorkerProcess(Process process, Path log) implements AutoCloseable {
        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits until the log shows a line matching {@code ready}. */
        public void awaitLog(Predicate<String> ready, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (output().lines().anyMatch(ready)) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new IOException("worker exited " + process.exitValue() + ":\n" + output());
                }
                Thread.sleep(100);
            }
            throw new IOException("worker log did not show the expected line within " + timeout + ":\n" + output());
        }

        /** SIGTERM, then wait; returns the exit code. */
        public int terminate(Duration timeout) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return -1;
            }
            return process.exitValue();
        }

        /** SIGKILL: a crash, no shutdown hooks. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}

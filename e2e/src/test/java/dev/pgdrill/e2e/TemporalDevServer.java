package dev.pgdrill.e2e;

import dev.pgdrill.workflows.PgdrillSearchAttributes;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) on free loopback ports, with a SQLite
 * file under target/ and pgdrill's search attributes registered. Missing binary: a loud failure that
 * says how to get it, never a skipped test.
 */
public final class TemporalDevServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private TemporalDevServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static TemporalDevServer start() throws IOException, InterruptedException {
        return start(0);
    }

    /** A dev server that also serves its Web UI on {@code uiPort} (0: none, the shared server's default). */
    public static TemporalDevServer start(int uiPort) throws IOException, InterruptedException {
        Path bin = findBinary()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "the temporal CLI was not found (PGDRILL_TEMPORAL_BIN, PATH, ~/go/bin): run scripts/ensure-temporal"));
        Path dir = Files.createDirectories(Path.of("target", "temporal-dev").toAbsolutePath());
        int port = freePort();
        Path db = dir.resolve("temporal-" + port + ".db");
        Path log = dir.resolve("temporal-" + port + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                bin.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--http-port",
                String.valueOf(freePort()),
                "--metrics-port",
                String.valueOf(freePort()),
                "--db-filename",
                db.toString(),
                "--log-level",
                "warn"));
        cmd.addAll(uiPort > 0 ? List.of("--ui-port", String.valueOf(uiPort)) : List.of("--headless"));
        PgdrillSearchAttributes.ALL.forEach(k -> cmd.addAll(List.of("--search-attribute", k.getName() + "=Keyword")));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TemporalDevServer server = new TemporalDevServer(p, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady();
        return server;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "temporal dev server exited " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                    stubs.blockingStub()
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .describeNamespace(DescribeNamespaceRequest.newBuilder()
                                    .setNamespace("default")
                                    .build());
                    return;
                } catch (RuntimeException notYet) {
                    Thread.sleep(250);
                }
            }
            throw new IOException("temporal dev server did not answer within 90s:\n" + Files.readString(log));
        } finally {
            stubs.shutdownNow();
        }
    }

    static Optional<Path> findBinary() {
        String explicit = System.getenv("PGDRILL_TEMPORAL_BIN");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "temporal");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "temporal");
        return Files.isExecutable(goBin) ? Optional.of(goBin) : Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

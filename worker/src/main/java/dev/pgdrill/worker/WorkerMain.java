package dev.pgdrill.worker;

import dev.pgdrill.core.config.ConfigException;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.JulBridge;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pgdrill-worker [--config FILE]}: polls the task queue until SIGTERM, then drains in-flight
 * activities before exiting (a killed worker is safe too: activities are idempotent and retried).
 */
public final class WorkerMain {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    public static void main(String[] args) {
        JulBridge.install();
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Optional.of(Path.of(args[++i]));
            } else if (args[i].startsWith("--config=")) {
                configFile = Optional.of(Path.of(args[i].substring("--config=".length())));
            } else {
                System.err.println("usage: pgdrill-worker [--config FILE]   (unknown argument: " + args[i] + ")");
                System.exit(2);
            }
        }
        PgdrillConfig config;
        try {
            ConfigLoader loader = ConfigLoader.fromEnvironment();
            config = loader.load(loader.resolve(configFile));
        } catch (ConfigException e) {
            System.err.println("pgdrill-worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        PgdrillWorker worker = PgdrillWorker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: finishing in-flight tasks");
            worker.close();
            log.info("stopped");
            stopped.countDown();
        }, "pgdrill-worker-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

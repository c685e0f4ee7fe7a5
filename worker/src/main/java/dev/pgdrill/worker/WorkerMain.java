package dev.pgdrill.worker;

import dev.pgdrill.core.config.ConfigException;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.JulBridge;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pgdrill-worker [--config FILE]}: polls the task queue until SIGTERM, then drains in-flight
 * activities before exiting (a killed worker is safe too: activities are idempotent and retried).
 */
@Command(
        name = "pgdrill-worker",
        mixinStandardHelpOptions = true,
        versionProvider = WorkerMain.Version.class,
        description = "Runs pgdrill's workflows and activities from the Temporal task queue until SIGTERM.")
public final class WorkerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);
    /** Bad usage or configuration: the same code as the pgdrill CLI and picocli's own for a bad option. */
    static final int USAGE = 2;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: $PGDRILL_CONFIG, else pgdrill.yaml in the working directory).")
    Path config;
    /** Once serving, call returns only in the shutdown hook's wake: exit would block; the status is the signal's. */
    private boolean served;

    public static void main(String[] args) {
        JulBridge.install();
        WorkerMain main = new WorkerMain();
        int code = commandLine(main).execute(args);
        if (!main.served) {
            System.exit(code);
        }
    }

    /** The command line; a configuration problem prints the loader's message, no stack trace, and exits 2. */
    static CommandLine commandLine(WorkerMain main) {
        return new CommandLine(main).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("pgdrill-worker: " + e.getMessage());
                return USAGE;
            }
            throw e;
        });
    }

    @Override
    public Integer call() throws InterruptedException {
        ConfigLoader loader = ConfigLoader.fromEnvironment();
        PgdrillConfig cfg = loader.load(loader.resolve(Optional.ofNullable(config)));
        PgdrillWorker worker = PgdrillWorker.start(cfg);
        served = true;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping: finishing in-flight tasks");
                            worker.close();
                            log.info("stopped");
                            stopped.countDown();
                        },
                        "pgdrill-worker-shutdown"));
        stopped.await();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WorkerMain.class.getPackage().getImplementationVersion();
            return new String[] {"pgdrill-worker " + (v == null ? "dev" : v)};
        }
    }
}

package dev.pgdrill.worker;

import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.core.config.ConfigException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.TemporalConnection;
import dev.pgdrill.worker.web.Observability;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started worker: the Temporal connection, the factory and what is registered on the task queue. */
public final class PgdrillWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgdrillWorker.class);
    /** How long SIGTERM waits for running activities before the JVM exits anyway. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final TemporalConnection temporal;
    private final WorkerFactory factory;
    private final WorkDir work;
    private final Observability observability;

    private PgdrillWorker(
            TemporalConnection temporal, WorkerFactory factory, WorkDir work, Observability observability) {
        this.temporal = temporal;
        this.factory = factory;
        this.work = work;
        this.observability = observability;
    }

    public static PgdrillWorker start(PgdrillConfig config) {
        WorkDir work = openWorkDir(config);
        Observability observability = new Observability();
        TemporalConnection temporal = new TemporalConnection(config.temporal(), observability.temporalScope());
        WorkflowClient client = temporal.client();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(config.temporal().taskQueue());
        Registered registered = Registrations.register(worker, config, temporal.schedules());
        factory.start();
        observability.serve(config, temporal.schedules());
        log.info(
                "pgdrill worker serving task queue '{}' in namespace '{}' at {}: workflows {}, activities {}",
                config.temporal().taskQueue(),
                config.temporal().namespace(),
                config.temporal().address(),
                registered.workflows(),
                registered.activities());
        return new PgdrillWorker(temporal, factory, work, observability);
    }

    /**
     * This process's private work folder, opened before any task is taken: opening it sweeps what workers
     * killed earlier left there (decrypted dumps, password files), each removal logged by path.
     */
    static WorkDir openWorkDir(PgdrillConfig config) {
        try {
            WorkDir work = WorkDir.forRoot(config.repository().workDir());
            for (Path p : work.swept()) {
                log.warn("removed {}: left in the work folder by a pgdrill worker that is gone", p);
            }
            log.info("private work folder for plaintext (decrypted dumps, password files): {}", work.dir());
            return work;
        } catch (IOException e) {
            throw new ConfigException(config.source().toString(), List.of(e.getMessage()));
        }
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS);
        temporal.close();
        observability.close();
        try {
            work.close(); // what a task still running past the drain decrypted goes with the folder
        } catch (IOException e) {
            log.warn("unable to remove the work folder {}: {}", work.dir(), e.getMessage());
        }
    }

    record Registered(List<String> workflows, List<String> activities) {}
}

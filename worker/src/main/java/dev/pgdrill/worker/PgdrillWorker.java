package dev.pgdrill.worker;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.TemporalConnection;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
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

    private PgdrillWorker(TemporalConnection temporal, WorkerFactory factory) {
        this.temporal = temporal;
        this.factory = factory;
    }

    public static PgdrillWorker start(PgdrillConfig config) {
        TemporalConnection temporal = new TemporalConnection(config.temporal());
        WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
        Worker worker = factory.newWorker(config.temporal().taskQueue());
        Registered registered = Registrations.register(worker, config);
        factory.start();
        log.info(
                "pgdrill worker serving task queue '{}' in namespace '{}' at {}: workflows {}, activities {}",
                config.temporal().taskQueue(),
                config.temporal().namespace(),
                config.temporal().address(),
                registered.workflows(),
                registered.activities());
        return new PgdrillWorker(temporal, factory);
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS);
        temporal.close();
    }

    record Registered(List<String> workflows, List<String> activities) {}
}

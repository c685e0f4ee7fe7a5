package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.backup.TableChecksum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded set of connections to the restored database, each used by one thread: work submitted runs on
 * whichever is free, in the order submitted (heaviest first is the caller's choice). Connections open when
 * first needed and carry the pinned session settings the checksums need.
 */
final class CheckPool implements AutoCloseable {
    /** Opens one more connection to the database under verification. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** Work on one of the pool's connections. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Connector connector;
    private final ExecutorService threads;
    private final ThreadLocal<Connection> mine = new ThreadLocal<>();
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    CheckPool(Connector connector, int size) {
        this.connector = connector;
        this.threads = Executors.newFixedThreadPool(Math.max(1, size), r -> {
            Thread t = new Thread(r, "pgdrill-verify");
            t.setDaemon(true);
            return t;
        });
    }

    <T> Future<T> submit(Work<T> work) {
        return threads.submit(() -> work.run(connection()));
    }

    /** Runs something that needs no connection of the pool's (an external program) on the pool's threads. */
    <T> Future<T> submitPlain(Callable<T> work) {
        return threads.submit(work);
    }

    private Connection connection() throws SQLException {
        Connection c = mine.get();
        if (c == null) {
            c = connector.open();
            opened.add(c);
            TableChecksum.pinSessionSettings(c);
            mine.set(c);
        }
        return c;
    }

    /** The result, with an SQLException of the work rethrown as it was. */
    static <T> T get(Future<T> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops the work: connections still in use are aborted (a cancelled verification does not wait for a
     * scan of its largest table to finish), then closed.
     */
    @Override
    public void close() {
        threads.shutdownNow();
        for (Connection c : opened) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // already closed or broken: nothing left to stop
            }
        }
        try {
            threads.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

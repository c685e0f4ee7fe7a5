package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.backup.TableChecksum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded set of connections to the restored database, each used by one thread: work runs on whichever is
 * free, the largest waiting piece first (the longest starts as early as it can, whenever it was submitted: work
 * found later, amcheck's once its extension is installed, still goes ahead of smaller scans that wait), equal
 * sizes in the order submitted. Connections open when first needed and carry the pinned session settings the
 * checksums need.
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

    /** Work of no known size (an anti-join, an assertion): after every piece of known size. */
    static final long UNSIZED = -1;

    private final Connector connector;
    private final ThreadPoolExecutor threads;
    private final ThreadLocal<Connection> mine = new ThreadLocal<>();
    private final List<Connection> opened = new CopyOnWriteArrayList<>();
    private final AtomicLong submitted = new AtomicLong();

    CheckPool(Connector connector, int size) {
        this.connector = connector;
        int n = Math.max(1, size);
        this.threads = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "pgdrill-verify");
            t.setDaemon(true);
            return t;
        });
    }

    /** How many connections the work is spread over. */
    int size() {
        return threads.getMaximumPoolSize();
    }

    /** @param bytes what the work reads, its rank in the queue; {@link #UNSIZED} when not known */
    <T> Future<T> submit(long bytes, Work<T> work) {
        Ranked<T> task = new Ranked<>(() -> work.run(connection()), bytes, submitted.getAndIncrement());
        threads.execute(task);
        return task;
    }

    private Connection connection() throws SQLException {
        Connection c = mine.get();
        if (c == null) {
            c = connector.open();
            opened.add(c);
            if (threads.isShutdown()) {
                // closed while this one was opening: close() may have looked at the list before it was added
                c.abort(Runnable::run);
                throw new SQLException("the verification's connections were closed");
            }
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
        threads.shutdownNow().forEach(r -> ((Future<?>) r).cancel(false));
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

    /** A piece of work in the queue: larger first, then first submitted. */
    private static final class Ranked<T> extends FutureTask<T> implements Comparable<Ranked<?>> {
        private final long bytes;
        private final long order;

        Ranked(Callable<T> work, long bytes, long order) {
            super(work);
            this.bytes = bytes;
            this.order = order;
        }

        @Override
        public int compareTo(Ranked<?> o) {
            int bySize = Long.compare(o.bytes, bytes);
            return bySize != 0 ? bySize : Long.compare(order, o.order);
        }
    }
}

package dev.pgdrill.activities.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One table's data loaded over several connections at once. pg_restore loads a table in one COPY, on one
 * backend: a table much larger than the others leaves every other core idle for most of a restore (pgbench scale
 * 50: 3.1 of its 4.1 s). A directory-format dump's data file is COPY text, one row a line (a line break inside a
 * value is written as {@code \n}), ended by a {@code \.} line; it is read once, front to back (it may be a pipe
 * that is being decoded), cut at line ends into chunks, and each chunk goes to whichever connection's COPY is free.
 * Rows land in another physical order, which no query can tell apart by content; the restore's content checksums
 * are order-independent sums, so a drill still proves every row arrived.
 */
final class SplitCopy {
    /** A chunk: large enough that the per-message cost vanishes, small enough to keep every connection fed. */
    static final int CHUNK = 1 << 20;

    /** The first {@code length} bytes of {@code bytes}: whole rows (a read buffer handed on without a copy). */
    private record Chunk(byte[] bytes, int length) {}

    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final long OFFER_MILLIS = 200;

    /** Opens a connection to the database being restored. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** Told after each chunk read; throws to stop the load (the activity was cancelled). */
    @FunctionalInterface
    interface Beat {
        void read(long bytes) throws IOException;
    }

    private SplitCopy() {}

    /**
     * Loads {@code file} with {@code copySql} ({@code COPY t (cols) FROM STDIN}) over {@code streams} connections,
     * each first running {@code session} (the dump's own session settings); returns the rows loaded.
     *
     * @throws SQLException the first connection's failure (every other COPY is then cancelled)
     */
    static long load(Connector connector, List<String> session, String copySql, Path file, int streams, Beat beat)
            throws IOException, SQLException, InterruptedException {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(streams * 2);
        ExecutorService pool = Executors.newFixedThreadPool(streams, r -> {
            Thread t = new Thread(r, "pgdrill-copy");
            t.setDaemon(true);
            return t;
        });
        List<Future<Long>> copies = new ArrayList<>();
        boolean done = false;
        try {
            for (int i = 0; i < streams; i++) {
                copies.add(pool.submit(() -> copy(connector, session, copySql, queue)));
            }
            read(file, queue, copies, beat);
            for (int i = 0; i < streams; i++) {
                put(queue, END, copies);
            }
            long rows = 0;
            for (Future<Long> f : copies) {
                rows += result(f);
            }
            done = true;
            return rows;
        } finally {
            if (!done) {
                pool.shutdownNow(); // interrupts each COPY's wait for a chunk: it cancels its COPY and closes
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Reads the file in chunks that end at a line end; the end-of-data line and what follows it are not sent. */
    private static void read(Path file, BlockingQueue<Chunk> queue, List<Future<Long>> copies, Beat beat)
            throws IOException, SQLException, InterruptedException {
        Chunk held = null; // one chunk behind: the end marker may sit across its end and the next read
        byte[] carry = new byte[0];
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                byte[] buf = Arrays.copyOf(carry, carry.length + CHUNK);
                int n = in.readNBytes(buf, carry.length, CHUNK);
                int len = carry.length + n;
                bytes += n;
                beat.read(bytes);
                if (n == 0) {
                    carry = Arrays.copyOf(buf, len);
                    break;
                }
                int cut = lastLineEnd(buf, len);
                if (cut < 0) {
                    carry = Arrays.copyOf(buf, len); // a row longer than a chunk: read on
                    continue;
                }
                if (held != null) {
                    put(queue, held, copies);
                }
                held = new Chunk(buf, cut + 1);
                carry = Arrays.copyOfRange(buf, cut + 1, len);
            }
        }
        byte[] tail = held == null ? carry : concat(held, carry);
        int end = endMarker(tail);
        if (end > 0) {
            put(queue, new Chunk(tail, end), copies);
        } else if (end < 0 && tail.length > 0) {
            put(queue, new Chunk(tail, tail.length), copies);
        }
    }

    /** Index of the last {@code \n} in the first {@code len} bytes, or -1. */
    private static int lastLineEnd(byte[] buf, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the {@code \.} line starts (no row starts with it: pg_dump writes a backslash in a value as two), or
     * -1 when there is none.
     */
    static int endMarker(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((i == 0 || b[i - 1] == '\n')
                    && b[i] == '\\'
                    && b[i + 1] == '.'
                    && (i + 2 == b.length || b[i + 2] == '\n' || b[i + 2] == '\r')) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(Chunk a, byte[] b) {
        byte[] out = Arrays.copyOf(a.bytes(), a.length() + b.length);
        System.arraycopy(b, 0, out, a.length(), b.length);
        return out;
    }

    /** Hands a chunk to the next free COPY; fails at once when one has failed (none would take it). */
    private static void put(BlockingQueue<Chunk> queue, Chunk chunk, List<Future<Long>> copies)
            throws SQLException, InterruptedException {
        while (!queue.offer(chunk, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
            for (Future<Long> f : copies) {
                if (f.isDone()) {
                    result(f); // throws its failure; one that ended well has taken its END
                }
            }
            if (copies.stream().allMatch(Future::isDone)) {
                throw new SQLException("every COPY ended before its data did");
            }
        }
        if (chunk != END) {
            for (Future<Long> f : copies) {
                if (f.isDone()) {
                    result(f); // before its END only a failed COPY is done: stop at once
                }
            }
        }
    }

    private static long copy(Connector connector, List<String> session, String copySql, BlockingQueue<Chunk> queue)
            throws SQLException, InterruptedException {
        try (Connection c = connector.open()) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String s : session) {
                    st.execute(s);
                }
            }
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
            try {
                for (Chunk k = queue.take(); k != END; k = queue.take()) {
                    in.writeToCopy(k.bytes(), 0, k.length());
                }
                return in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        }
    }

    private static long result(Future<Long> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException("COPY failed: " + e.getCause(), e.getCause());
        }
    }
}

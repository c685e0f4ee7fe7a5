package dev.pgdrill.activities.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * A file read while its writer still appends to it: at its current end, a read waits for more until the
 * writer is known to be done ({@code complete}), and only then is the end the end. pg_dump writes each
 * table's data file from start to end and never goes back, so reading along behind it sees exactly what it
 * wrote, and the file is compressed and encrypted while it is being dumped.
 */
final class GrowingFile extends InputStream {
    /** How long a read at the current end waits before looking again. */
    private static final long WAIT_MILLIS = 10;

    private final FileChannel channel;
    private final BooleanSupplier complete;

    GrowingFile(Path file, BooleanSupplier complete) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.complete = complete;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            // asked before reading: when the writer was done already, an empty read is the real end
            boolean done = complete.getAsBoolean();
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n > 0) {
                return n;
            }
            if (done) {
                return -1;
            }
            try {
                Thread.sleep(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped while following " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

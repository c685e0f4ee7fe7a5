package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Reads pgdrill's first encryption format ({@link Manifest.Encryption#LEGACY_CHUNKED}), which backups taken
 * before {@link TinkFileCipher} use; nothing writes it any more. AES-256-GCM in chunks,
 * each authenticated with its index and a final-chunk flag as associated data (the STREAM construction),
 * a random 8-byte nonce prefix per file completed by the chunk index. The file's name is not bound to it.
 *
 * <p>Layout: {@code "PGDRILL1"} · chunk size (int) · nonce prefix (8) · chunks (ciphertext + 16-byte tag).
 */
public final class ChunkedAesGcm implements FileCipher {
    static final byte[] MAGIC = "PGDRILL1".getBytes(StandardCharsets.US_ASCII);
    /** The writer always used 1 MiB; the header says, and anything up to 64 MiB is accepted. */
    private static final int MAX_CHUNK = 64 << 20;

    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;

    private final SecretKey key;

    public ChunkedAesGcm(SecretKey key) {
        this.key = key;
    }

    @Override
    public void decrypt(InputStream in, OutputStream out, String path) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DecryptionException("not a pgdrill encrypted file (bad header)");
            }
            int chunk = data.readInt();
            if (chunk <= 0 || chunk > MAX_CHUNK) {
                throw new DecryptionException("corrupt header (chunk size " + chunk + ")");
            }
            byte[] prefix = new byte[8];
            data.readFully(prefix);
            byte[] current = new byte[chunk + TAG_BYTES];
            byte[] next = new byte[chunk + TAG_BYTES];
            int currentLen = data.readNBytes(current, 0, current.length);
            long index = 0;
            while (true) {
                // one chunk of look-ahead: only the last chunk may be short, and it carries the final flag
                int nextLen = currentLen == current.length ? data.readNBytes(next, 0, next.length) : 0;
                boolean last = nextLen == 0;
                if (currentLen < TAG_BYTES) {
                    throw new DecryptionException("truncated file (chunk " + index + ")");
                }
                out.write(decryptChunk(prefix, index, last, current, currentLen));
                if (last) {
                    return;
                }
                byte[] t = current;
                current = next;
                next = t;
                currentLen = nextLen;
                index++;
            }
        } catch (EOFException e) {
            throw new DecryptionException("truncated file (header)");
        }
    }

    private byte[] decryptChunk(byte[] prefix, long index, boolean last, byte[] buf, int len) throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce =
                    ByteBuffer.allocate(12).put(prefix).putInt((int) index).array();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ByteBuffer.allocate(9)
                    .putLong(index)
                    .put((byte) (last ? 1 : 0))
                    .array());
            return cipher.doFinal(buf, 0, len);
        } catch (AEADBadTagException e) {
            throw new DecryptionException(
                    "authentication failed at chunk " + index + " (wrong key, or the file was changed or truncated)");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }
}

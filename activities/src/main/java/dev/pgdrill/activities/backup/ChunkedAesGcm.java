package dev.pgdrill.activities.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over a stream in 1 MiB chunks. The JDK's GCM decryption buffers a whole message until its
 * tag is checked, which for a multi-gigabyte table file means gigabytes of heap; chunking bounds memory.
 * Each chunk is authenticated with its index and a final-chunk flag as associated data, so reordered,
 * dropped or truncated chunks fail authentication (the STREAM construction). Every file gets a fresh
 * random 8-byte nonce prefix; the chunk index completes the 12-byte nonce.
 *
 * <p>Layout: {@code "PGDRILL1"} · chunk size (int) · nonce prefix (8) · chunks (ciphertext + 16-byte tag).
 */
public final class ChunkedAesGcm {
    static final byte[] MAGIC = "PGDRILL1".getBytes(StandardCharsets.US_ASCII);
    static final int CHUNK = 1 << 20;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public ChunkedAesGcm(SecretKey key) {
        this.key = key;
    }

    /** Encrypts all of {@code in} to {@code out}. */
    public void encrypt(InputStream in, OutputStream out) throws IOException {
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(prefix);
        out.write(MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(CHUNK).array());
        out.write(prefix);
        byte[] current = new byte[CHUNK];
        byte[] next = new byte[CHUNK];
        int currentLen = in.readNBytes(current, 0, CHUNK);
        long index = 0;
        while (true) {
            int nextLen = currentLen == CHUNK ? in.readNBytes(next, 0, CHUNK) : 0;
            boolean last = nextLen == 0;
            out.write(crypt(Cipher.ENCRYPT_MODE, prefix, index, last, current, currentLen));
            if (last) {
                return;
            }
            byte[] t = current;
            current = next;
            next = t;
            currentLen = nextLen;
            index++;
        }
    }

    /**
     * Decrypts {@code in} to {@code out}; throws {@link DecryptionException} when any chunk fails
     * authentication (wrong key, flipped byte, truncation), so garbage is never passed on as data.
     */
    public void decrypt(InputStream in, OutputStream out) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DecryptionException("not a pgdrill encrypted file (bad header)");
            }
            int chunk = data.readInt();
            if (chunk <= 0 || chunk > 64 * CHUNK) {
                throw new DecryptionException("corrupt header (chunk size " + chunk + ")");
            }
            byte[] prefix = new byte[8];
            data.readFully(prefix);
            byte[] current = new byte[chunk + TAG_BYTES];
            byte[] next = new byte[chunk + TAG_BYTES];
            int currentLen = data.readNBytes(current, 0, current.length);
            long index = 0;
            while (true) {
                int nextLen = currentLen == current.length ? data.readNBytes(next, 0, next.length) : 0;
                boolean last = nextLen == 0;
                if (currentLen < TAG_BYTES) {
                    throw new DecryptionException("truncated file (chunk " + index + ")");
                }
                out.write(crypt(Cipher.DECRYPT_MODE, prefix, index, last, current, currentLen));
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

    private byte[] crypt(int mode, byte[] prefix, long index, boolean last, byte[] buf, int len) throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt((int) index).array();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ByteBuffer.allocate(9).putLong(index).put((byte) (last ? 1 : 0)).array());
            return cipher.doFinal(buf, 0, len);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new DecryptionException("authentication failed at chunk " + index
                    + " (wrong key, or the file was changed or truncated)");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /** The file is not what was encrypted: wrong key, tampering or truncation. */
    public static final class DecryptionException extends IOException {
        public DecryptionException(String message) {
            super(message);
        }
    }
}

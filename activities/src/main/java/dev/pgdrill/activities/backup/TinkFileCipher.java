package dev.pgdrill.activities.backup;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Backup files encrypted with Tink's streaming AEAD, parameters AES256_GCM_HKDF_1MB. Per file, HKDF-SHA256
 * derives a fresh AES-256-GCM key from the backup key and a random salt; the file is cut into 1 MiB
 * segments, each authenticated with its number and a last-segment flag, so memory stays bounded and
 * reordered, dropped or truncated segments fail authentication.
 *
 * <p>The backup key (PBKDF2 of the passphrase, see {@link BackupKey}) is the key material as it is, through
 * Tink's typed parameters and key rather than a keyset: it is derived again for every backup and never
 * stored, so a keyset's ids, rotation and serialization would add nothing, and Tink's keyset layer needs
 * protobuf 4, which Temporal's protobuf 3 rules out.
 *
 * <p>The associated data is the file's path in the backup, so a file renamed or swapped with another fails
 * authentication even when the manifest's checksums are doctored to match. A file from another backup fails
 * anyway: every backup has its own salt, hence its own key.
 */
public final class TinkFileCipher implements FileCipher {
    public static final AesGcmHkdfStreamingParameters PARAMETERS =
            PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB;
    /**
     * Tink encrypts straight from the caller's array and copies only what runs past a segment, so reads as
     * large as a segment mean almost no copying and few calls per megabyte.
     */
    static final int BUFFER = 1 << 20;
    /** Tink's header starts with its own length: itself, the 32-byte HKDF salt and the 7-byte nonce prefix. */
    private static final int HEADER_LENGTH = 1 + 32 + 7;

    private final StreamingAead aead;

    public TinkFileCipher(SecretKey key) {
        try {
            aead = AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(
                    PARAMETERS, SecretBytes.copyFrom(key.getEncoded(), InsecureSecretKeyAccess.get())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a backup key for " + PARAMETERS + ": " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts all of {@code in} to {@code out}, leaving {@code out} open for its owner to close.
     *
     * @param path the file's place in the backup ({@link FileCipher#pathIn}), bound to it as associated data
     */
    public void encrypt(InputStream in, OutputStream out, String path) throws IOException {
        byte[] buf = new byte[BUFFER];
        try (OutputStream enc = aead.newEncryptingStream(new KeepOpen(out), associatedData(path))) {
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                enc.write(buf, 0, n);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * A stream that encrypts what is written to it into {@code out}; closing it writes the last segment and
     * closes {@code out}. Tink buffers one segment, so callers may write in any sizes.
     */
    public OutputStream encryptingStream(OutputStream out, String path) throws IOException {
        try {
            return aead.newEncryptingStream(out, associatedData(path));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of {@code in}, read as it is decrypted: for readers that pull (a decompressor on top).
     * Anything that does not authenticate throws {@link DecryptionException} before its bytes are returned.
     */
    public InputStream decryptingStream(InputStream in, String path) throws IOException {
        Source source = new Source(in);
        PushbackInputStream peek = new PushbackInputStream(source, 1);
        int first = peek.read();
        if (first < 0) {
            throw new DecryptionException("truncated file (header)");
        } else if (first != HEADER_LENGTH) {
            throw new DecryptionException("not a pgdrill encrypted file (bad header)");
        }
        peek.unread(first);
        InputStream plain;
        try {
            plain = aead.newDecryptingStream(peek, associatedData(path));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM unavailable: " + e.getMessage(), e);
        }
        return new FilterInputStream(plain) {
            private long consumed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int n = in.read(b, off, len);
                    consumed += Math.max(0, n);
                    return n;
                } catch (IOException e) {
                    if (source.failure != null) {
                        throw source.failure;
                    }
                    throw decryptionFailure(e, consumed / PARAMETERS.getCiphertextSegmentSizeBytes());
                }
            }
        };
    }

    @Override
    public void decrypt(InputStream in, OutputStream out, String path) throws IOException {
        Source source = new Source(in);
        // Tink reads a whole header before looking at it; its first byte alone tells another kind of file
        PushbackInputStream peek = new PushbackInputStream(source, 1);
        int first = peek.read();
        if (first < 0) {
            throw new DecryptionException("truncated file (header)");
        } else if (first != HEADER_LENGTH) {
            throw new DecryptionException("not a pgdrill encrypted file (bad header)");
        }
        peek.unread(first);
        byte[] buf = new byte[BUFFER];
        InputStream plain;
        try {
            plain = aead.newDecryptingStream(peek, associatedData(path));
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM unavailable: " + e.getMessage(), e);
        }
        for (long segment = 0; ; segment++) {
            int n = readSegment(plain, buf, source, segment);
            if (n < 0) {
                return;
            }
            out.write(buf, 0, n);
        }
    }

    /**
     * One segment's plaintext, or -1 at the end. Asking for one byte makes Tink decrypt exactly one segment,
     * whose rest is then available without another, so a failure is known to be in segment {@code segment}.
     */
    private static int readSegment(InputStream plain, byte[] buf, Source source, long segment) throws IOException {
        try {
            if (plain.read(buf, 0, 1) <= 0) {
                return -1;
            }
            return 1 + Math.max(0, plain.read(buf, 1, Math.min(plain.available(), buf.length - 1)));
        } catch (IOException e) {
            if (source.failure != null) {
                throw source.failure; // the disk, not the ciphertext
            }
            throw decryptionFailure(e, segment);
        }
    }

    /** Tink's messages are multi-line state dumps; these say what it means for a backup. */
    private static DecryptionException decryptionFailure(IOException e, long segment) {
        Throwable cause = e.getCause();
        if (cause instanceof AEADBadTagException) {
            return new DecryptionException("authentication failed at chunk " + segment
                    + " (wrong key, or the file was changed, truncated, renamed or swapped with another)");
        }
        if (segment == 0 && cause == null) {
            return new DecryptionException("truncated file (header)");
        }
        String first =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return new DecryptionException("unreadable at chunk " + segment + ": " + first);
    }

    private static byte[] associatedData(String path) {
        return path.getBytes(StandardCharsets.UTF_8);
    }

    /** Remembers the ciphertext source's own I/O error, which Tink passes on like a decryption error. */
    private static final class Source extends FilterInputStream {
        private IOException failure;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Tink's stream closes what it writes to; the caller still has to digest and close it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

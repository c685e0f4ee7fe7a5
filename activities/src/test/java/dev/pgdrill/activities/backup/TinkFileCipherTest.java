package dev.pgdrill.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.catalog.Manifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TinkFileCipherTest {
    private static final String SALT = "AAAAAAAAAAAAAAAAAAAAAA==";
    private static final SecretKey KEY = BackupKey.derive("the right key", SALT, 1000);
    private static final SecretKey OTHER = BackupKey.derive("another key", SALT, 1000);
    private static final String PATH = "dump/3001.dat.gz.enc";
    private static final int SEGMENT = 1 << 20;
    /** Tink's first segment also holds its 40-byte header; every segment ends in a 16-byte tag. */
    private static final int FIRST_PLAIN = SEGMENT - 40 - 16;

    private static final int PLAIN = SEGMENT - 16;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] encrypt(SecretKey key, byte[] plain, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TinkFileCipher(key).encrypt(new ByteArrayInputStream(plain), out, path);
        return out.toByteArray();
    }

    private static byte[] encrypt(SecretKey key, byte[] plain) throws IOException {
        return encrypt(key, plain, PATH);
    }

    private static byte[] decrypt(SecretKey key, InputStream enc, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TinkFileCipher(key).decrypt(enc, out, path);
        return out.toByteArray();
    }

    private static byte[] decrypt(SecretKey key, byte[] enc) throws IOException {
        return decrypt(key, new ByteArrayInputStream(enc), PATH);
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                0,
                1,
                4095,
                FIRST_PLAIN - 1,
                FIRST_PLAIN,
                FIRST_PLAIN + 1,
                SEGMENT - 1,
                SEGMENT,
                SEGMENT + 1,
                FIRST_PLAIN + PLAIN,
                3 * SEGMENT + 12345
            })
    void roundTripsEmptySmallAndMultiSegmentFiles(int size) throws IOException {
        byte[] plain = data(size);
        byte[] enc = encrypt(KEY, plain);
        assertThat(decrypt(KEY, enc)).isEqualTo(plain);
        assertThat(enc).as("ciphertext is not the plaintext").isNotEqualTo(plain);
    }

    @Test
    void writesTinksAes256GcmHkdf1MbSegments() throws IOException {
        assertThat(TinkFileCipher.PARAMETERS.getKeySizeBytes()).isEqualTo(32);
        assertThat(TinkFileCipher.PARAMETERS.getDerivedAesGcmKeySizeBytes()).isEqualTo(32);
        assertThat(TinkFileCipher.PARAMETERS.getCiphertextSegmentSizeBytes()).isEqualTo(SEGMENT);
        byte[] enc = encrypt(KEY, data(2 * SEGMENT));
        assertThat(enc[0]).as("Tink's header length byte").isEqualTo((byte) 40);
        assertThat(enc.length)
                .as("three segments, 16-byte tag each, plus header")
                .isEqualTo(2 * SEGMENT + 40 + 3 * 16);
    }

    @Test
    void usesAFreshNonceForEveryFile() throws IOException {
        byte[] plain = data(1000);
        assertThat(encrypt(KEY, plain)).isNotEqualTo(encrypt(KEY, plain));
    }

    @Test
    void refusesTheWrongKey() throws IOException {
        byte[] enc = encrypt(KEY, data(5000));
        assertThatThrownBy(() -> decrypt(OTHER, enc))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 0");
    }

    @Test
    void detectsOneFlippedByte() throws IOException {
        byte[] enc = encrypt(KEY, data(2 * SEGMENT + 10));
        enc[enc.length / 2] ^= 0x01;
        assertThatThrownBy(() -> decrypt(KEY, enc))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 1");
    }

    @Test
    void detectsAFlippedBitInTheHeader() throws IOException {
        byte[] enc = encrypt(KEY, data(3000));
        enc[5] ^= 0x10; // the per-file salt: another file key, so the first segment fails
        assertThatThrownBy(() -> decrypt(KEY, enc))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 0");
    }

    @Test
    void detectsTruncationAtAChunkBoundary() throws IOException {
        byte[] enc = encrypt(KEY, data(2 * SEGMENT + 10));
        byte[] firstChunkOnly = Arrays.copyOf(enc, SEGMENT);
        assertThatThrownBy(() -> decrypt(KEY, firstChunkOnly))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("chunk 0");
        byte[] twoChunks = Arrays.copyOf(enc, 2 * SEGMENT);
        assertThatThrownBy(() -> decrypt(KEY, twoChunks))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 1");
    }

    @Test
    void detectsTruncationMidChunkAndABadHeader() throws IOException {
        byte[] enc = encrypt(KEY, data(3000));
        assertThatThrownBy(() -> decrypt(KEY, Arrays.copyOf(enc, enc.length - 1)))
                .isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> decrypt(KEY, "not encrypted at all".getBytes()))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("bad header");
        assertThatThrownBy(() -> decrypt(KEY, Arrays.copyOf(enc, 20)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("truncated file (header)");
        assertThatThrownBy(() -> decrypt(KEY, new byte[0]))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("truncated file (header)");
    }

    @Test
    void aFileSwappedWithAnotherOrRenamedFailsAuthentication() throws IOException {
        byte[] first = encrypt(KEY, data(4000), "dump/3001.dat.gz.enc");
        byte[] second = encrypt(KEY, data(5000), "dump/3002.dat.gz.enc");
        assertThatThrownBy(() -> decrypt(KEY, new ByteArrayInputStream(second), "dump/3001.dat.gz.enc"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 0")
                .hasMessageContaining("swapped");
        assertThatThrownBy(() -> decrypt(KEY, new ByteArrayInputStream(first), "dump/3003.dat.gz.enc"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("renamed");
    }

    @Test
    void aDiskErrorIsPassedOnAsItIsNotReportedAsTampering() throws IOException {
        byte[] enc = encrypt(KEY, data(3 * SEGMENT));
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(enc)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > SEGMENT) {
                    throw new IOException("Input/output error");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> decrypt(KEY, failing, PATH))
                .isNotInstanceOf(DecryptionException.class)
                .isInstanceOf(IOException.class)
                .hasMessage("Input/output error");
    }

    @Test
    void leavesTheCallersStreamOpenForItToDigestAndClose() throws IOException {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new TinkFileCipher(KEY).encrypt(new ByteArrayInputStream(data(10)), out, PATH);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void theAssociatedPathIsRelativeToTheBackupAndSlashSeparated() {
        Path backup = Path.of("/repo/production/.tmp-20260117T030000Z");
        assertThat(FileCipher.pathIn(backup, backup.resolve("dump").resolve("toc.dat.enc")))
                .isEqualTo("dump/toc.dat.enc");
    }

    @Test
    void aKeyCheckTellsTheWrongPassphraseBeforeAnyFileIsRead() throws Exception {
        Manifest.Encryption e = BackupKey.newEncryption("passphrase one");
        assertThat(BackupKey.unlock("passphrase one", e).getEncoded()).hasSize(32);
        assertThatThrownBy(() -> BackupKey.unlock("passphrase two", e)).isInstanceOf(BackupKey.WrongKeyException.class);
        assertThat(BackupKey.newEncryption("passphrase one").salt())
                .as("a fresh salt per backup")
                .isNotEqualTo(e.salt());
        assertThat(e.format()).isEqualTo(Manifest.Encryption.TINK_STREAMING);
        assertThat(FileCipher.forBackup(e, KEY)).isInstanceOf(TinkFileCipher.class);
    }

    @Test
    void refusesAnEncryptionFormatItDoesNotKnow() {
        Manifest.Encryption future =
                new Manifest.Encryption("aes-256-gcm-siv", BackupKey.KDF, 1000, SALT, "", "tink-something-newer");
        assertThatThrownBy(() -> FileCipher.forBackup(future, KEY))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("unknown encryption format 'tink-something-newer'");
    }
}

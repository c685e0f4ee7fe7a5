package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkedAesGcmTest {
    private static final String SALT = "AAAAAAAAAAAAAAAAAAAAAA==";
    private static final SecretKey KEY = BackupKey.derive("the right key", SALT, 1000);
    private static final SecretKey OTHER = BackupKey.derive("another key", SALT, 1000);

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] encrypt(SecretKey key, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChunkedAesGcm(key).encrypt(new ByteArrayInputStream(plain), out);
        return out.toByteArray();
    }

    private static byte[] decrypt(SecretKey key, byte[] enc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChunkedAesGcm(key).decrypt(new ByteArrayInputStream(enc), out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, ChunkedAesGcm.CHUNK - 1, ChunkedAesGcm.CHUNK, ChunkedAesGcm.CHUNK + 1, 3 * ChunkedAesGcm.CHUNK})
    void roundTripsAnySize(int size) throws IOException {
        byte[] plain = data(size);
        byte[] enc = encrypt(KEY, plain);
        assertThat(decrypt(KEY, enc)).isEqualTo(plain);
        assertThat(enc).as("ciphertext is not the plaintext").isNotEqualTo(plain);
    }

    @Test
    void usesAFreshNonceForEveryFile() throws IOException {
        byte[] plain = data(1000);
        assertThat(encrypt(KEY, plain)).isNotEqualTo(encrypt(KEY, plain));
    }

    @Test
    void refusesTheWrongKey() throws IOException {
        byte[] enc = encrypt(KEY, data(5000));
        assertThatThrownBy(() -> decrypt(OTHER, enc)).isInstanceOf(ChunkedAesGcm.DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 0");
    }

    @Test
    void detectsOneFlippedByte() throws IOException {
        byte[] enc = encrypt(KEY, data(2 * ChunkedAesGcm.CHUNK + 10));
        enc[enc.length / 2] ^= 0x01;
        assertThatThrownBy(() -> decrypt(KEY, enc)).isInstanceOf(ChunkedAesGcm.DecryptionException.class);
    }

    @Test
    void detectsTruncationAtAChunkBoundary() throws IOException {
        byte[] enc = encrypt(KEY, data(2 * ChunkedAesGcm.CHUNK + 10));
        int header = ChunkedAesGcm.MAGIC.length + 4 + 8;
        byte[] firstChunkOnly = Arrays.copyOf(enc, header + ChunkedAesGcm.CHUNK + 16);
        assertThatThrownBy(() -> decrypt(KEY, firstChunkOnly)).isInstanceOf(ChunkedAesGcm.DecryptionException.class)
                .hasMessageContaining("chunk 0");
    }

    @Test
    void detectsTruncationMidChunkAndABadHeader() throws IOException {
        byte[] enc = encrypt(KEY, data(3000));
        assertThatThrownBy(() -> decrypt(KEY, Arrays.copyOf(enc, enc.length - 1)))
                .isInstanceOf(ChunkedAesGcm.DecryptionException.class);
        assertThatThrownBy(() -> decrypt(KEY, "not encrypted at all".getBytes()))
                .isInstanceOf(ChunkedAesGcm.DecryptionException.class).hasMessageContaining("bad header");
    }

    @Test
    void aKeyCheckTellsTheWrongPassphraseBeforeAnyFileIsRead() throws Exception {
        Manifest.Encryption e = BackupKey.newEncryption("passphrase one");
        assertThat(BackupKey.unlock("passphrase one", e).getEncoded()).hasSize(32);
        assertThatThrownBy(() -> BackupKey.unlock("passphrase two", e)).isInstanceOf(BackupKey.WrongKeyException.class);
        assertThat(BackupKey.newEncryption("passphrase one").salt()).as("a fresh salt per backup").isNotEqualTo(e.salt());
    }
}

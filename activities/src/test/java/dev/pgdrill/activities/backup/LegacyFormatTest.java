package dev.pgdrill.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.Manifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backups taken with the old home-made format (fixture made by its writer, see legacy-backup/README.md). */
class LegacyFormatTest {
    private static final String PASSPHRASE = "legacy fixture passphrase";
    private static Path fixture;
    private static Manifest.Encryption encryption;
    private static SecretKey key;

    @BeforeAll
    static void unlock() throws Exception {
        fixture = resource("legacy-backup");
        encryption = Json.MAPPER.readValue(fixture.resolve("encryption.json").toFile(), Manifest.Encryption.class);
        key = BackupKey.unlock(PASSPHRASE, encryption);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(LegacyFormatTest.class.getClassLoader().getResource(name).toURI());
    }

    private static byte[] decrypt(byte[] enc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileCipher.forBackup(encryption, key).decrypt(new ByteArrayInputStream(enc), out, "dump/3001.dat.enc");
        return out.toByteArray();
    }

    private static byte[] read(String path) throws IOException {
        return Files.readAllBytes(fixture.resolve(path));
    }

    @Test
    void aManifestWithoutAFormatIsReadAsTheLegacyFormat() throws Exception {
        assertThat(encryption.format()).isEqualTo(Manifest.Encryption.LEGACY_CHUNKED);
        assertThat(FileCipher.forBackup(encryption, key)).isInstanceOf(ChunkedAesGcm.class);
        assertThat(Manifest.Encryption.none().format()).isEmpty();
    }

    @Test
    void aLegacyFileStillDecryptsToItsPlaintext() throws IOException {
        assertThat(decrypt(read("dump/3001.dat.enc"))).isEqualTo(read("plain.dat"));
    }

    @Test
    void aMultiChunkLegacyFileStillDecryptsToItsPlaintext() throws IOException {
        assertThat(decrypt(read("dump/3002.dat.enc"))).isEqualTo(read("plain.dat"));
    }

    @Test
    void theLegacyKeyCheckStillTellsAWrongPassphrase() {
        assertThatThrownBy(() -> BackupKey.unlock("not the passphrase", encryption))
                .isInstanceOf(BackupKey.WrongKeyException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void aFlippedBitInALegacyFileFailsAuthentication() throws IOException {
        byte[] enc = read("dump/3002.dat.enc");
        enc[enc.length / 2] ^= 0x01;
        assertThatThrownBy(() -> decrypt(enc))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 1");
    }

    @Test
    void aLegacyFileCutAtAChunkBoundaryFailsAuthentication() throws IOException {
        byte[] enc = read("dump/3002.dat.enc");
        int header = 8 + 4 + 8;
        byte[] twoChunks = Arrays.copyOf(enc, header + 2 * (1024 + 16));
        assertThatThrownBy(() -> decrypt(twoChunks))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed at chunk 1");
    }
}

package dev.pgdrill.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one pass that stores a dump file (zstd, encryption, SHA-256) and the one that reads it back. */
class StoredFileTest {
    private static final SecretKey KEY = BackupKey.derive("the right key", "AAAAAAAAAAAAAAAAAAAAAA==", 1000);
    private static final SecretKey OTHER = BackupKey.derive("another key", "AAAAAAAAAAAAAAAAAAAAAA==", 1000);

    @TempDir
    Path backup;

    /** Rows like pg_dump's COPY text: numbers and random hex filler (about 2:1 compressible), several MiB. */
    private static byte[] copyText(int rows) {
        Random r = new Random(rows);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            b.append(i)
                    .append('\t')
                    .append(r.nextInt(50))
                    .append('\t')
                    .append(r.nextInt(10_000))
                    .append('\t');
            for (int j = 0; j < 84; j++) {
                b.append(Character.forDigit(r.nextInt(16), 16));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Path dumpFile(String name, byte[] content) throws IOException {
        return Files.write(Files.createDirectories(backup.resolve("dump")).resolve(name), content);
    }

    private byte[] read(Manifest.FileEntry e, Optional<FileCipher> cipher) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(backup.resolve(e.path()))) {
            StoredFile.read(in, out, e.path(), cipher);
        }
        return out.toByteArray();
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(StoredFile.sha256().digest(Files.readAllBytes(f)));
    }

    @Test
    void aZstdFileIsSmallerHashedAsStoredAndReadsBackExactly() throws Exception {
        byte[] plain = copyText(60_000);
        Manifest.FileEntry e = new StoredFile.Writer(Optional.empty(), 3, 2).store(backup, dumpFile("3001.dat", plain));

        assertThat(e.path()).isEqualTo("dump/3001.dat.zst");
        assertThat(backup.resolve("dump/3001.dat")).doesNotExist();
        assertThat(e.sizeBytes()).isLessThan(plain.length * 3L / 4); // hex filler: 4 bits a character
        assertThat(e.sha256()).isEqualTo(sha256(backup.resolve(e.path())));
        assertThat(read(e, Optional.empty())).isEqualTo(plain);
    }

    @Test
    void aZstdAndEncryptedFileReadsBackOnlyWithTheKeyAndAtItsPlace() throws Exception {
        byte[] plain = copyText(60_000);
        Manifest.FileEntry e = new StoredFile.Writer(Optional.of(new TinkFileCipher(KEY)), 3, 2)
                .store(backup, dumpFile("3002.dat", plain));

        assertThat(e.path()).isEqualTo("dump/3002.dat.zst.enc");
        assertThat(e.sha256()).isEqualTo(sha256(backup.resolve(e.path())));
        assertThat(read(e, Optional.of(new TinkFileCipher(KEY)))).isEqualTo(plain);
        assertThatThrownBy(() -> read(e, Optional.of(new TinkFileCipher(OTHER))))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("authentication failed");
        Files.move(backup.resolve(e.path()), backup.resolve("dump/3003.dat.zst.enc"));
        Manifest.FileEntry moved = new Manifest.FileEntry("dump/3003.dat.zst.enc", e.sizeBytes(), e.sha256());
        assertThatThrownBy(() -> read(moved, Optional.of(new TinkFileCipher(KEY))))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void theTableOfContentsStaysUncompressedForPgRestoreList() throws Exception {
        byte[] toc = "PGDMP toc".getBytes(StandardCharsets.US_ASCII);
        StoredFile.Writer w = new StoredFile.Writer(Optional.empty(), 3, 1);
        Manifest.FileEntry e = w.store(backup, dumpFile("toc.dat", toc));
        assertThat(e.path()).isEqualTo("dump/toc.dat");
        assertThat(Files.readAllBytes(backup.resolve("dump/toc.dat"))).isEqualTo(toc);
        assertThat(w.compresses(backup.resolve("dump/blob_16385.dat"))).isTrue();
    }

    @Test
    void aCorruptedCompressedFileIsReportedAsDamaged() throws Exception {
        Manifest.FileEntry e =
                new StoredFile.Writer(Optional.empty(), 3, 1).store(backup, dumpFile("3004.dat", copyText(20_000)));
        Path f = backup.resolve(e.path());
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(f, bytes);
        assertThatThrownBy(() -> read(e, Optional.empty()))
                .isInstanceOf(DamagedFileException.class)
                .hasMessageContaining("corrupt compressed data");
        assertThat(sha256(f)).as("and the manifest's checksum tells it too").isNotEqualTo(e.sha256());
    }

    @Test
    void aTruncatedCompressedFileIsReportedAsDamaged() throws Exception {
        Manifest.FileEntry e =
                new StoredFile.Writer(Optional.empty(), 3, 1).store(backup, dumpFile("3005.dat", copyText(20_000)));
        Path f = backup.resolve(e.path());
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> read(e, Optional.empty())).isInstanceOf(DamagedFileException.class);
    }

    @Test
    void filesOfOlderBackupsReadAsTheyWere() throws Exception {
        byte[] plain = copyText(5_000);
        // pg_dump's own gzip, unencrypted: passed on untouched for pg_restore to read
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(gz)) {
            z.write(plain);
        }
        Path gzFile = dumpFile("3006.dat.gz", gz.toByteArray());
        assertThat(read(new Manifest.FileEntry("dump/3006.dat.gz", 0, ""), Optional.empty()))
                .isEqualTo(gz.toByteArray());
        // pg_dump's gzip encrypted with Tink, as pgdrill stored it before zstd
        try (InputStream in = Files.newInputStream(gzFile);
                OutputStream out = Files.newOutputStream(backup.resolve("dump/3006.dat.gz.enc"))) {
            new TinkFileCipher(KEY).encrypt(in, out, "dump/3006.dat.gz.enc");
        }
        assertThat(read(new Manifest.FileEntry("dump/3006.dat.gz.enc", 0, ""), Optional.of(new TinkFileCipher(KEY))))
                .isEqualTo(gz.toByteArray());
        // the first home-made format
        Path legacy =
                Path.of(getClass().getClassLoader().getResource("legacy-backup").toURI());
        Manifest.Encryption enc =
                Json.MAPPER.readValue(legacy.resolve("encryption.json").toFile(), Manifest.Encryption.class);
        FileCipher old = FileCipher.forBackup(enc, BackupKey.unlock("legacy fixture passphrase", enc));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(legacy.resolve("dump/3002.dat.enc"))) {
            StoredFile.read(in, out, "dump/3001.dat.enc", Optional.of(old));
        }
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(legacy.resolve("plain.dat")));
    }

    @Test
    void aDataFileIsSealedWhileItsWriterStillAppendsAndTheRestAfterTheDump() throws Exception {
        byte[] plain = copyText(40_000);
        Path dump = Files.createDirectories(backup.resolve("dump"));
        Path data = dump.resolve("3007.dat");
        List<Manifest.FileEntry> entries;
        try (Sealer sealer = new Sealer(backup, new StoredFile.Writer(Optional.of(new TinkFileCipher(KEY)), 3, 2), 2)) {
            sealer.watch();
            try (OutputStream out = Files.newOutputStream(data)) {
                for (int off = 0; off < plain.length; off += 64 << 10) {
                    out.write(plain, off, Math.min(64 << 10, plain.length - off));
                    out.flush();
                    Thread.sleep(2); // a writer slower than the reader: the reader waits at the end
                }
            }
            sealer.finished(data);
            Files.write(dump.resolve("toc.dat"), "toc".getBytes(StandardCharsets.US_ASCII));
            entries = sealer.finish(ProgressListener.NONE);
        }
        assertThat(entries)
                .extracting(Manifest.FileEntry::path)
                .containsExactly("dump/3007.dat.zst.enc", "dump/toc.dat.enc");
        assertThat(read(entries.get(0), Optional.of(new TinkFileCipher(KEY)))).isEqualTo(plain);
        try (Stream<Path> left = Files.list(dump)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("3007.dat.zst.enc", "toc.dat.enc");
        }
    }

    @Test
    void storedNamesGiveBackPgDumpsNames() {
        assertThat(StoredFile.plainName("3001.dat.zst.enc")).isEqualTo("3001.dat");
        assertThat(StoredFile.plainName("3001.dat.zst")).isEqualTo("3001.dat");
        assertThat(StoredFile.plainName("3001.dat.gz.enc")).isEqualTo("3001.dat.gz");
        assertThat(StoredFile.plainName("toc.dat")).isEqualTo("toc.dat");
        assertThat(StoredFile.compressed("3001.dat.zst.enc")).isTrue();
        assertThat(StoredFile.compressed("3001.dat.gz.enc")).isFalse();
    }
}

package dev.pgdrill.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void aReaderWaitingOnAPipeInTheTreeIsLetGoWhenTheTreeIsDeleted() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("restore-x/dump"));
        Path pipe = tree.resolve("3001.dat");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor())
                .isZero();
        // like a dead worker's pg_restore: blocked in open() until a writer comes
        Process reader = new ProcessBuilder(List.of("cat", pipe.toString())).start();
        try {
            assertThat(reader.waitFor(200, TimeUnit.MILLISECONDS))
                    .as("waits for a writer")
                    .isFalse();
            FileTrees.deleteTree(dir.resolve("restore-x"));
            assertThat(reader.waitFor(10, TimeUnit.SECONDS)).as("let go").isTrue();
            assertThat(reader.exitValue()).isZero();
            assertThat(dir.resolve("restore-x")).doesNotExist();
        } finally {
            reader.destroyForcibly();
        }
    }

    @Test
    void aStaleUnixSocketInTheTreeIsRemovedNotOpened() throws Exception {
        // A cluster killed with SIGKILL leaves its .s.PGSQL.<port> socket behind; opening it fails (ENXIO).
        Path tree = Files.createDirectories(dir.resolve("cluster-x/data"));
        Path socket = tree.resolve(".s.PGSQL.5999");
        try (java.nio.channels.ServerSocketChannel server =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        FileTrees.deleteTree(dir.resolve("cluster-x"));
        assertThat(dir.resolve("cluster-x")).doesNotExist();
    }
}

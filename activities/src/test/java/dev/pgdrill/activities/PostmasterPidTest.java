package dev.pgdrill.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterPidTest {
    @TempDir
    Path data;

    @Test
    void readsTheLinesAServerWrites() throws Exception {
        Files.writeString(
                data.resolve("postmaster.pid"),
                "4242\n" + data + "\n1764190000\n5433\n/tmp\n127.0.0.1\n  5433001    32768\nready   \n");
        PostmasterPid p = PostmasterPid.of(data).orElseThrow();
        assertThat(p.pid()).contains(4242L);
        assertThat(p.dataDirectory()).isEqualTo(data.toString());
        assertThat(p.startedEpochSecond()).contains(1764190000L);
        assertThat(p.port()).isEqualTo("5433");
        assertThat(p.ready()).isTrue();
    }

    @Test
    void aFileStillBeingWrittenIsNotReadyAndNoFileIsNone() throws Exception {
        assertThat(PostmasterPid.of(data)).isEmpty();
        Files.writeString(data.resolve("postmaster.pid"), "4242\n" + data + "\n");
        PostmasterPid p = PostmasterPid.of(data).orElseThrow();
        assertThat(p.ready()).isFalse();
        assertThat(p.port()).isEmpty();
        assertThat(p.startedEpochSecond()).isEmpty();
    }
}

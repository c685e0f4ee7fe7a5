package dev.pgdrill.activities.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivingHoldTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheTextKeepingTheModeAndLeavesNoTemporaryFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("postgresql.auto.conf"), "a = 1\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        // what a crash between the write and the rename would have left: overwritten, not appended to
        Files.writeString(dir.resolve("postgresql.auto.conf.pgdrill-new"), "half a fi");

        ArchivingHold.rewrite(conf, "a = 1\nb = 2\n");

        assertThat(conf).hasContent("a = 1\nb = 2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
                .isEqualTo("rw-r-----");
        assertThat(dir.resolve("postgresql.auto.conf.pgdrill-new")).doesNotExist();
    }

    @Test
    void aMissingFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path conf = dir.resolve("postgresql.auto.conf");
        ArchivingHold.rewrite(conf, "archive_command = ''\n");
        assertThat(conf).hasContent("archive_command = ''");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
                .isEqualTo("rw-------");
    }

    @Test
    void theHoldIsAddedOnceAndReleasedToTheOriginalText() throws Exception {
        Path conf = Files.writeString(dir.resolve("postgresql.auto.conf"), "work_mem = '8MB'");
        ArchivingHold.hold(dir);
        ArchivingHold.hold(dir);
        assertThat(Files.readString(conf)).startsWith("work_mem = '8MB'\n").containsOnlyOnce("archive_command = ''");
        ArchivingHold.release(dir);
        ArchivingHold.release(dir);
        assertThat(conf).hasContent("work_mem = '8MB'");
    }
}

package dev.pgdrill.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where pgdrill finds the client programs: a Debian layout (postgresql-common's pg_wrapper) built in a folder. */
class PgToolsTest {
    @TempDir
    Path root;

    private Path lib;
    private Path bin;

    @BeforeEach
    void debianLayout() throws IOException {
        lib = root.resolve("usr/lib/postgresql");
        bin = Files.createDirectories(root.resolve("usr/bin"));
        program(root.resolve("usr/share/postgresql-common/pg_wrapper"));
        program(lib.resolve("14/bin/pg_restore"));
        program(lib.resolve("15/bin/pg_restore"));
        program(lib.resolve("15/bin/pg_amcheck"));
        program(lib.resolve("14/bin/pg_dump")); // an older version's only: the newest lacks it
        Files.createSymbolicLink(bin.resolve("pg_restore"), Path.of("../share/postgresql-common/pg_wrapper"));
        Files.createSymbolicLink(bin.resolve("pg_dump"), Path.of("../share/postgresql-common/pg_wrapper"));
    }

    @Test
    void aWrapperOnThePathIsSkippedForTheNewestVersionsProgram() {
        assertThat(new PgTools(Optional.empty(), lib).find("pg_restore", bin.toString()))
                .contains(lib.resolve("15/bin/pg_restore"));
    }

    @Test
    void theWrapperStaysWhenTheNewestVersionLacksTheProgram() {
        assertThat(new PgTools(Optional.empty(), lib).find("pg_dump", bin.toString()))
                .contains(bin.resolve("pg_dump"));
    }

    @Test
    void aProgramOnThePathThatIsNotTheWrapperIsUsedAsItIs() throws IOException {
        Path own = Files.createDirectories(root.resolve("opt/pg/bin"));
        program(own.resolve("pg_restore"));
        assertThat(new PgTools(Optional.empty(), lib).find("pg_restore", own + ":" + bin))
                .contains(own.resolve("pg_restore"));
    }

    @Test
    void aLinkToAnotherProgramNamedLikeTheWrapperIsNotTakenForIt() throws IOException {
        Path other = program(root.resolve("opt/tools/pg_wrapper"));
        Path dir = Files.createDirectories(root.resolve("opt/bin"));
        Files.createSymbolicLink(dir.resolve("pg_restore"), other);
        assertThat(new PgTools(Optional.empty(), lib).find("pg_restore", dir.toString()))
                .contains(dir.resolve("pg_restore"));
    }

    @Test
    void aProgramNotOnThePathIsLookedForInTheNewestVersion() {
        assertThat(new PgTools(Optional.empty(), lib).find("pg_amcheck", bin.toString()))
                .contains(lib.resolve("15/bin/pg_amcheck"));
    }

    @Test
    void theConfiguredFolderWinsAndIsTheOnlyOneLookedIn() {
        Path v14 = lib.resolve("14/bin");
        assertThat(new PgTools(Optional.of(v14), lib).find("pg_restore", bin.toString()))
                .contains(v14.resolve("pg_restore"));
        assertThat(new PgTools(Optional.of(v14), lib).find("pg_amcheck", bin.toString()))
                .isEmpty();
    }

    private static Path program(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}

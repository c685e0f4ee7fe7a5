package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pgdrill's class-data archive: made by the first command of a build, mapped by the next ones, and never in the
 * way: one made for other jars is skipped without a word on stdout or stderr (a --json reader sees only JSON), and
 * {@code PGDRILL_CDS=off} makes none.
 */
class ClassDataArchiveIT {
    private static final Path TARGET = Pgdrill.ROOT.resolve("starter/target");

    @TempDir
    Path dir;

    @Test
    void theFirstCommandMakesTheArchiveTheNextOnesMapItAndAStaleOneIsSkippedSilently() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            for (Path old : files.filter(p -> p.getFileName().toString().matches("pgdrill-starter-.*\\.jsa.*"))
                    .toList()) {
                Files.delete(old); // archives and failure markers of earlier builds or runs
            }
        }
        Pgdrill.Result off = new Pgdrill(Map.of("PGDRILL_CDS", "off")).cli("--version");
        assertThat(off.exitCode()).as(off.all()).isZero();
        assertThat(archives()).as("PGDRILL_CDS=off").isEmpty();

        Pgdrill.Result first = new Pgdrill(Map.of()).cli("--version");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stdout()).isEqualTo(off.stdout());
        assertThat(first.stderr()).isEmpty();
        assertThat(archives()).hasSize(1);

        // The JVM says where each class came from: the archive made above is mapped ("top" of the shared layers).
        Path classes = dir.resolve("classes.log");
        Pgdrill.Result mapped = new Pgdrill(Map.of(
                        "PGDRILL_JAVA_OPTS",
                        "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:class+load=info:file=" + classes))
                .cli("--version");
        assertThat(mapped.exitCode()).as(mapped.all()).isZero();
        assertThat(Files.readString(classes))
                .contains("dev.pgdrill.starter.PgdrillCli source: shared objects file (top)");

        // The training ran the commands people wait on: a drill's start and the long poll for its result, whose
        // protobuf and result classes are stored too (about 450 of them were read from the jar at each drill).
        Path listing = dir.resolve("listing.log");
        Process list = new ProcessBuilder(
                        "java",
                        "-XX:SharedArchiveFile=" + archives().get(0),
                        "-XX:+PrintSharedArchiveAndExit",
                        "-jar",
                        TARGET.resolve("pgdrill-starter.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(listing.toFile())
                .start();
        assertThat(list.waitFor(2, TimeUnit.MINUTES)).isTrue();
        // Classes only the waiting client loads (the training's stand-in server loads the responses themselves).
        assertThat(Files.readString(listing))
                .contains("archive is valid")
                .contains(" io.temporal.internal.client.WorkflowClientLongPollHelper ")
                .contains(" io.temporal.common.interceptors.WorkflowClientCallsInterceptor$GetResultInput ")
                .contains(" io.temporal.common.interceptors.WorkflowClientCallsInterceptor$GetResultOutput ")
                .contains(" io.temporal.internal.common.WorkflowExecutionUtils$1 ");

        // An archive made for other jars (here: a copy of the CLI's jar elsewhere) under this build's name: the JVM
        // refuses to map it and says so on stdout, unless told not to.
        Path archive = archives().get(0);
        Path copy = Files.copy(TARGET.resolve("pgdrill-starter.jar"), dir.resolve("pgdrill-starter.jar"));
        Path stale = dir.resolve("stale.jsa");
        Process dump = new ProcessBuilder(
                        "java",
                        "-XX:ArchiveClassesAtExit=" + stale,
                        "-cp",
                        copy + File.pathSeparator + picocli(),
                        "dev.pgdrill.starter.PgdrillCli",
                        "--version")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dump.log").toFile())
                .start();
        assertThat(dump.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(stale).isNotEmptyFile();
        Files.move(stale, archive, StandardCopyOption.REPLACE_EXISTING);
        Pgdrill.Result damaged = new Pgdrill(Map.of()).cli("--version");
        assertThat(damaged.exitCode()).as(damaged.all()).isZero();
        assertThat(damaged.stdout()).isEqualTo(off.stdout());
        assertThat(damaged.stderr()).isEmpty();
        Files.delete(archive); // the next command makes a good one
    }

    private static Path picocli() throws Exception {
        try (Stream<Path> files = Files.list(TARGET.resolve("lib"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("picocli-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static List<Path> archives() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("pgdrill-starter-.*\\.jsa"))
                    .toList();
        }
    }
}

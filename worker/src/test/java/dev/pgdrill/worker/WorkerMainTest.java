package dev.pgdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The worker's command line; none of these cases gets as far as connecting to Temporal. */
class WorkerMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = WorkerMain.commandLine(new WorkerMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpExitsZeroAndListsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("pgdrill-worker")
                .contains("--config=FILE")
                .contains("PGDRILL_CONFIG")
                .contains("--version");
    }

    @Test
    void versionIsDevOutsideTheJar() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString().trim()).isEqualTo("pgdrill-worker dev");
    }

    @Test
    void anUnknownOptionExitsTwoWithPicocliMessage() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage: pgdrill-worker");
    }

    @Test
    void aMissingConfigurationExitsTwoWithTheLoaderMessage(@TempDir Path dir) {
        assertThat(run("--config", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("pgdrill-worker: invalid configuration in ")
                .contains("missing.yaml")
                .contains("file not found")
                .doesNotContain("\tat ");
    }

    @Test
    void anInvalidConfigurationNamesTheField(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(dir.resolve("pgdrill.yaml"), "backup: { database: x, schedule: \"99 3 * * *\" }\n");
        assertThat(run("--config=" + file)).isEqualTo(2);
        assertThat(err.toString())
                .contains("backup.schedule: invalid cron \"99 3 * * *\"")
                .doesNotContain("\tat ");
    }
}

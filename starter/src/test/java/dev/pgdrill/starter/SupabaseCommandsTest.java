package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's answers for a Supabase profile that need neither Temporal nor a database. */
class SupabaseCommandsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A config whose Temporal address nobody answers; the token is any variable the test's environment has. */
    private String config() throws Exception {
        Path f = dir.resolve("pgdrill.yaml");
        Files.writeString(f, """
                temporal: { address: "127.0.0.1:1", namespace: default, taskQueue: pgdrill }
                catalog: { database: ops }
                databases:
                  project: { role: production, host: 127.0.0.1, port: 1, database: postgres, user: postgres,
                             source: { kind: supabase, projectRef: abcdefghijklmnopqrst, accessToken: "${PATH}" } }
                  staging: { role: staging, host: 127.0.0.1, port: 1, database: postgres, user: postgres }
                  ops:     { role: catalog, host: 127.0.0.1, port: 1, database: pgdrill, user: postgres }
                repository: { path: repo }
                backup: { database: project }
                drill: { target: staging }
                approval: { approvers: [alice, bob] }
                """);
        return f.toString();
    }

    private int run(String... args) {
        CommandLine cli = PgdrillCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anEmergencyRestoreOfASupabaseProjectSkipsTheSwitchPreflightAndGoesToTemporal() throws Exception {
        int code = run(
                "restore",
                "start",
                "--config",
                config(),
                "--target",
                "project",
                "--requested-by",
                "alice",
                "--reason",
                "bad migration");

        // Not refused, and not held by the switch preflight (which would fail on the unreachable database first).
        assertThat(code).as(err.toString()).isNotIn(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CHECK_FAILED);
        assertThat(err.toString()).contains("emergency-restore-project");
    }

    @Test
    void aNamedBackupOfASupabaseProjectIsRefusedBeforeAnythingStarts() throws Exception {
        int code = run(
                "restore",
                "start",
                "--config",
                config(),
                "--target",
                "project",
                "--requested-by",
                "alice",
                "--reason",
                "bad migration",
                "--backup",
                "311");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("--backup: 'project' is a Supabase project")
                .contains("dashboard");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aLiveListingWithoutTemporalIsAnInfrastructureErrorNamingTheAddress() throws Exception {
        int code = run("backups", "list", "--config", config(), "--database", "project");

        assertThat(code).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(err.toString())
                .contains("unable to describe task queue 'pgdrill' at Temporal 127.0.0.1:1")
                .doesNotContain("Exception");
    }
}

package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --all and --database: refused combinations are usage errors (exit 2) naming the options, before Temporal. */
class FleetOptionsTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) throws Exception {
        Path config = dir.resolve("pgdrill.yaml");
        Files.writeString(config, """
                temporal: { address: "127.0.0.1:1" }
                catalog: { database: ops }
                databases:
                  shop:    { role: production, host: 127.0.0.1, port: 1, database: shop, user: admin }
                  crm:     { role: production, host: 127.0.0.1, port: 1, database: crm, user: admin }
                  sandbox: { role: sandbox, host: 127.0.0.1, port: 1, database: postgres, user: postgres }
                  ops:     { role: catalog, host: 127.0.0.1, port: 1, database: pgdrill, user: postgres }
                repository: { path: backups }
                backup: { databases: [shop, crm] }
                approval: { approvers: [alice, bob] }
                """);
        CommandLine cli = PgdrillCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return cli.execute(all);
    }

    @Test
    void aBackupIsOfOneDatabaseOrOfAllNotBoth() throws Exception {
        assertThat(run("backup", "run", "--all", "--database", "shop")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--all").contains("--database").doesNotContain("\tat ");
    }

    @Test
    void aDrillOfEveryDatabaseTakesNoBackupIdOrDatabase() throws Exception {
        assertThat(run("drill", "run", "--all", "--backup", "20260117T030000Z")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--all drills every drill.databases profile: not with --backup");
    }

    @Test
    void unknownDatabasesAreUsageErrorsBeforeAnythingStarts() throws Exception {
        assertThat(run("drill", "run", "--database", "billing")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("billing");
        assertThat(run("status", "--database", "sandbox")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'sandbox' is not backed up (backup.databases: shop, crm)");
    }
}

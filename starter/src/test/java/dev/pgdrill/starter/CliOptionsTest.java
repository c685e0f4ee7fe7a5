package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's shared contract: one --config anywhere on the line, --json on every command that prints. */
class CliOptionsTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PgdrillCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void configIsAcceptedBeforeTheSubcommand() {
        assertThat(run("--config", "/nonexistent/before.yaml", "backups", "list"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("/nonexistent/before.yaml")
                .contains("file not found")
                .doesNotContain("\tat ");
    }

    @Test
    void configIsAcceptedAfterTheSubcommand() {
        assertThat(run("backups", "list", "--config", "/nonexistent/after.yaml"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("/nonexistent/after.yaml").contains("file not found");
    }

    @Test
    void everyCommandThatRunsTakesJsonAndConfig() {
        List<String> leaves = new ArrayList<>();
        collectLeaves(PgdrillCli.commandLine(), leaves);
        assertThat(leaves)
                .contains(
                        "pgdrill doctor",
                        "pgdrill backups keep",
                        "pgdrill restore approve",
                        "pgdrill cleanup",
                        "pgdrill schedules trigger");
        for (String leaf : leaves) {
            CommandLine cmd = find(PgdrillCli.commandLine(), leaf);
            assertThat(cmd.getCommandSpec().findOption("--json"))
                    .as(leaf + " --json")
                    .isNotNull();
            assertThat(cmd.getCommandSpec().findOption("--config"))
                    .as(leaf + " --config")
                    .isNotNull();
        }
    }

    private static void collectLeaves(CommandLine cmd, List<String> out) {
        if (cmd.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        if (cmd.getSubcommands().isEmpty()) {
            out.add(cmd.getCommandSpec().qualifiedName());
        }
        cmd.getSubcommands().values().forEach(sub -> collectLeaves(sub, out));
    }

    private static CommandLine find(CommandLine root, String qualified) {
        CommandLine cmd = root;
        for (String part : qualified.split(" ")) {
            cmd = part.equals("pgdrill") ? cmd : cmd.getSubcommands().get(part);
        }
        return cmd;
    }
}

package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void everyCommandsHelpEndsWithAnExampleOfThatCommand() {
        List<String> leaves = new ArrayList<>();
        collectLeaves(PgdrillCli.commandLine(), leaves);
        for (String leaf : leaves) {
            StringWriter out = new StringWriter();
            CommandLine cli = PgdrillCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            String[] args =
                    (leaf.replaceFirst("^pgdrill ?", "") + " --help").trim().split(" ");
            assertThat(cli.execute(args)).as(leaf).isZero();
            String help = out.toString();
            assertThat(help).as(leaf).contains("Example:");
            String example = help.substring(help.lastIndexOf("Example:")).replaceAll("\\s+", " ");
            assertThat(example).as(leaf + " example").contains(leaf);
        }
    }

    @Test
    void completionScriptsOfferTheRealCommands() {
        StringWriter out = new StringWriter();
        CommandLine cli = PgdrillCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("completion", "bash")).isZero();
        assertThat(out.toString()).contains("restore").contains("cleanup").contains("--json");
        assertThat(run("completion", "fish")).isEqualTo(ExitCodes.USAGE);
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
    void withJsonAnErrorIsJsonTooNamingTheField() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = PgdrillCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Path bad = Files.createTempFile("pgdrill-bad", ".yaml");
        Files.writeString(
                bad,
                "catalog: { database: ops }\ndatabases:\n  ops: { role: catalog, host: h, port: abc,"
                        + " database: d, user: u }\nrepository: { path: r }\nbackup: { database: ops }\n"
                        + "approval: { approvers: [alice] }\n");
        assertThat(cli.execute("backups", "list", "--json", "--config", bad.toString()))
                .isEqualTo(ExitCodes.USAGE);
        var json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("error").asText()).contains("expected an integer");
        assertThat(json.get("field").asText()).isEqualTo("databases.ops.port");
        assertThat(json.get("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("databases.ops.port");
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
            if (leaf.equals("pgdrill completion")) {
                continue; // its output is a shell script for the shell to source, never data
            }
            CommandLine cmd = find(PgdrillCli.commandLine(), leaf);
            assertThat(cmd.getCommandSpec().findOption("--json"))
                    .as(leaf + " --json")
                    .isNotNull();
            assertThat(cmd.getCommandSpec().findOption("--config"))
                    .as(leaf + " --config")
                    .isNotNull();
        }
    }

    @Test
    void aCommandLineGetsOnlyTheCommandItNamesWithTheSameOptionsAsInTheWholeTree() {
        List<String> leaves = new ArrayList<>();
        collectLeaves(PgdrillCli.commandLine(), leaves);
        for (String leaf : leaves) {
            String[] args = (leaf.replaceFirst("^pgdrill ?", "") + " --config f.yaml --json")
                    .trim()
                    .split(" ");
            CommandLine lazy = PgdrillCli.commandLine(args);
            if (!leaf.equals("pgdrill completion")) {
                assertThat(lazy.getSubcommands()).as(leaf).hasSize(1);
            }
            assertThat(optionNames(find(lazy, leaf)))
                    .as(leaf)
                    .isEqualTo(optionNames(find(PgdrillCli.commandLine(), leaf)));
        }
        assertThat(PgdrillCli.commandName("--config", "f.yaml", "restore", "status"))
                .isEqualTo("restore");
        assertThat(PgdrillCli.commandName("--config=f.yaml", "restore")).isEqualTo("restore");
        assertThat(PgdrillCli.commandLine("--help").getSubcommands()).hasSameSizeAs(PgdrillCli.COMMANDS);
        assertThat(PgdrillCli.commandLine("help", "restore").getSubcommands()).hasSameSizeAs(PgdrillCli.COMMANDS);
        assertThat(PgdrillCli.commandLine("no-such-command").getSubcommands()).hasSameSizeAs(PgdrillCli.COMMANDS);
    }

    private static List<String> optionNames(CommandLine cmd) {
        return cmd.getCommandSpec().options().stream()
                .map(o -> o.longestName())
                .sorted()
                .toList();
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

package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/RUNBOOK.md can never name a command that does not exist: each one runs with --help. */
class RunbookCommandsTest {
    @Test
    void everyCommandTheRunbookShowsExists() throws Exception {
        List<List<String>> commands = commands(Files.readString(Path.of("../docs/RUNBOOK.md")));
        assertThat(commands).hasSizeGreaterThan(20);
        for (List<String> words : commands) {
            List<String> args = new ArrayList<>();
            for (String w : words.subList(1, words.size())) {
                if (w.startsWith("-") || w.startsWith("#") || !w.matches("[a-z]+")) {
                    break; // the subcommand path ends at the first option or argument
                }
                args.add(w);
            }
            args.add("--help");
            StringWriter out = new StringWriter();
            CommandLine cli = PgdrillCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            assertThat(cli.execute(args.toArray(String[]::new)))
                    .as(String.join(" ", words))
                    .isZero();
            assertThat(out.toString()).as(String.join(" ", words)).contains("Usage: pgdrill");
        }
    }

    /** The `pgdrill …` lines of the runbook's code blocks, split into words. */
    private static List<List<String>> commands(String markdown) {
        List<List<String>> out = new ArrayList<>();
        boolean inCode = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.startsWith("pgdrill ")) {
                out.add(List.of(line.trim().split("\\s+")));
            }
        }
        return out;
    }
}

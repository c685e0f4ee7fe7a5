package dev.pgdrill.starter;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pgdrill completion bash|zsh}: a completion script generated from the command tree itself, so it
 * can never offer a command or option that does not exist. zsh runs the same script through bashcompinit.
 */
@Command(name = "completion", description = "Print a shell completion script for bash or zsh.")
final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliFailure(ExitCodes.USAGE, "completion: expected bash or zsh, got '" + shell + "'");
        }
        String script = AutoComplete.bash("pgdrill", spec.root().commandLine());
        spec.commandLine()
                .getOut()
                .print(shell.equals("zsh") ? "autoload -U +X bashcompinit && bashcompinit\n" + script : script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

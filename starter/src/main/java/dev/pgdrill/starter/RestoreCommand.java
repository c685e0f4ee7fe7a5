package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.CatalogException;
import picocli.CommandLine.Command;

/** {@code pgdrill restore start|status|approve|reject}: the emergency restore, driven by people. */
@Command(
        name = "restore",
        description = "Emergency restore of a production database.",
        subcommands = {
            RestoreStart.class,
            RestoreStatus.class,
            RestoreDecisions.Approve.class,
            RestoreDecisions.Reject.class
        })
final class RestoreCommand {
    private RestoreCommand() {}

    /**
     * A refused update never enters the workflow's history, so the CLI that sent it writes the audit line.
     * An audit write that fails is a warning: it must not hide the refusal's own message.
     */
    static void audit(CliContext cli, String action, String subject, String detail) {
        audit(cli, Cli.operator(), action, subject, detail);
    }

    static void audit(CliContext cli, String actor, String action, String subject, String detail) {
        try {
            cli.catalog().audit().append(actor, action, subject, detail);
        } catch (CatalogException e) {
            cli.err().println("pgdrill: warning: unable to write the audit trail: " + e.getMessage());
        }
    }
}

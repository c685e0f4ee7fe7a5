package dev.pgdrill.starter;

import java.util.Map;
import picocli.CommandLine;

/**
 * One example per command, in one table (like pgBackRest's one table of options): the end of every
 * {@code --help}. {@code CliOptionsTest} fails when a command has none, or when an example names another command.
 */
final class Examples {
    static final Map<String, String> BY_COMMAND = Map.ofEntries(
            Map.entry("pgdrill", "pgdrill doctor --config /etc/pgdrill/pgdrill.yaml --migrate"),
            Map.entry("pgdrill doctor", "pgdrill doctor --migrate --json"),
            Map.entry("pgdrill backup", "pgdrill backup run --wait"),
            Map.entry("pgdrill backup run", "pgdrill backup run --database production --wait --json"),
            Map.entry("pgdrill backups", "pgdrill backups list --database production"),
            Map.entry("pgdrill backups list", "pgdrill backups list --database production --json"),
            Map.entry("pgdrill backups show", "pgdrill backups show 20260117T030000Z"),
            Map.entry("pgdrill backups keep", "pgdrill backups keep 20260117T030000Z --unset"),
            Map.entry("pgdrill drill", "pgdrill drill run --wait"),
            Map.entry("pgdrill drill run", "pgdrill drill run --database production --latest --wait"),
            Map.entry("pgdrill drills", "pgdrill drills list"),
            Map.entry("pgdrill drills list", "pgdrill drills list --json"),
            Map.entry("pgdrill drills show", "pgdrill drills show drill-production-20260201T040000Z"),
            Map.entry("pgdrill verify", "pgdrill verify 20260117T030000Z --json"),
            Map.entry("pgdrill restore", "pgdrill restore status emergency-restore-production --watch"),
            Map.entry(
                    "pgdrill restore start",
                    "pgdrill restore start --target production"
                            + " --incident-time 2026-01-17T09:30:00Z --requested-by alice --reason \"orders deleted\""),
            Map.entry("pgdrill restore status", "pgdrill restore status emergency-restore-production --watch"),
            Map.entry("pgdrill restore approve", "pgdrill restore approve emergency-restore-production --approver bob"),
            Map.entry(
                    "pgdrill restore reject",
                    "pgdrill restore reject emergency-restore-production --approver bob"
                            + " --reason \"restored from the app's trash instead\""),
            Map.entry("pgdrill restores", "pgdrill restores list --target production"),
            Map.entry("pgdrill restores list", "pgdrill restores list --json"),
            Map.entry(
                    "pgdrill restores show",
                    "pgdrill restores show emergency-restore-production@20260117T093512Z-0a1b2c"),
            Map.entry("pgdrill approver", "pgdrill approver keygen --name bob"),
            Map.entry("pgdrill approver keygen", "pgdrill approver keygen --name bob --out ~/.config/pgdrill/bob.key"),
            Map.entry("pgdrill cleanup", "pgdrill cleanup --drop app__pre_restore_20260117t093512z --yes"),
            Map.entry("pgdrill schedules", "pgdrill schedules apply"),
            Map.entry("pgdrill schedules apply", "pgdrill schedules apply --json"),
            Map.entry("pgdrill schedules list", "pgdrill schedules list"),
            Map.entry("pgdrill schedules trigger", "pgdrill schedules trigger backup"),
            Map.entry("pgdrill completion", "source <(pgdrill completion bash)"),
            Map.entry("pgdrill status", "pgdrill status --json"),
            Map.entry("pgdrill check", "pgdrill check --nagios"),
            Map.entry("pgdrill monitor", "pgdrill monitor run --wait"),
            Map.entry("pgdrill monitor run", "pgdrill monitor run --wait --json"),
            Map.entry("pgdrill alerts", "pgdrill alerts test"),
            Map.entry("pgdrill alerts test", "pgdrill alerts test --json"));

    private Examples() {}

    /** Appends "Example:" to the help of every command in the tree that has one in the table. */
    static void attach(CommandLine cmd) {
        String example = BY_COMMAND.get(cmd.getCommandSpec().qualifiedName());
        if (example != null && !(cmd.getCommandSpec().userObject() instanceof CommandLine.HelpCommand)) {
            cmd.getCommandSpec().usageMessage().footer("", "Example:", "  " + example);
        }
        cmd.getSubcommands().values().forEach(Examples::attach);
    }
}

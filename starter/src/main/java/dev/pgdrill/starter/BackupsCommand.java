package dev.pgdrill.starter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgdrill backups list|show|keep}: what the catalog knows about backups. */
@Command(
        name = "backups",
        description = "List and inspect backups.",
        subcommands = {BackupsCommand.ListBackups.class, BackupsCommand.Show.class, BackupsCommand.Keep.class})
final class BackupsCommand {

    @Command(
            name = "list",
            description = {
                "Backups, newest first, from the catalog. With --database naming a profile whose source is not",
                "pgdump (e.g. supabase): that source's backups, listed live by the worker (it must be running)."
            })
    static final class ListBackups implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Option(names = "--database", paramLabel = "NAME", description = "Only this profile's backups.")
        String database;

        @Override
        public Integer call() {
            if (database != null) {
                String kind = cli.config()
                        .source(cli.config().profile(database).name())
                        .kind();
                if (!"pgdump".equals(kind)) {
                    List<SourceBackup> live = SourceListing.list(cli, database, kind);
                    cli.emit(live, out -> SourceListing.print(out, database, kind, live));
                    return ExitCodes.OK;
                }
            }
            List<BackupRow> rows = cli.catalog().backups().list(Optional.ofNullable(database));
            cli.emit(rows, out -> print(out, rows));
            return ExitCodes.OK;
        }

        private static void print(PrintWriter out, List<BackupRow> rows) {
            if (rows.isEmpty()) {
                out.println("no backups yet (pgdrill backup run --wait takes one now)");
                return;
            }
            out.printf(
                    "%-20s %-12s %-21s %-10s %10s %6s  %s%n",
                    "ID", "PROFILE", "STARTED", "STATUS", "SIZE", "TABLES", "KIND");
            for (BackupRow r : rows) {
                out.printf(
                        "%-20s %-12s %-21s %-10s %10s %6d  %s%s%s%n",
                        r.backupId(),
                        r.profile(),
                        Cli.time(r.startedAt()),
                        r.status(),
                        Sizes.human(r.sizeBytes()),
                        r.tableCount(),
                        r.kind(),
                        r.keep() ? ", keep" : "",
                        r.failureReason().isEmpty() ? "" : "  (" + r.failureReason() + ")");
            }
            out.println(rows.size() + " backup(s); newest "
                    + Cli.relative(rows.get(0).startedAt(), Instant.now()));
        }
    }

    @Command(name = "show", description = "One backup and its manifest.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Parameters(paramLabel = "ID", description = "The backup id, e.g. 20260117T030000Z.")
        String backupId;

        @Override
        public Integer call() {
            BackupStore backups = cli.catalog().backups();
            BackupRow row = backups.find(backupId)
                    .orElseThrow(() -> new CliFailure(
                            ExitCodes.USAGE,
                            "no backup '" + backupId + "' in the catalog (pgdrill backups list shows them)"));
            Optional<Manifest> manifest = backups.manifest(backupId);
            // JSON: the catalog row with the whole manifest merged in.
            ObjectNode node = Cli.JSON.valueToTree(row);
            manifest.ifPresent(m -> node.setAll((ObjectNode) Cli.JSON.valueToTree(m)));
            cli.emit(node, out -> {
                out.printf(
                        "backup %s of '%s': %s, %s, kind %s%s%n",
                        row.backupId(),
                        row.profile(),
                        row.status(),
                        Sizes.human(row.sizeBytes()),
                        row.kind(),
                        row.keep() ? ", marked keep" : "");
                out.println("  started  " + Cli.time(row.startedAt())
                        + row.finishedAt().map(f -> ", finished " + Cli.time(f)).orElse(""));
                if (!row.failureReason().isEmpty()) {
                    out.println("  failed:  " + row.failureReason());
                }
                manifest.ifPresent(m -> printManifest(out, m));
            });
            return ExitCodes.OK;
        }

        private static void printManifest(PrintWriter out, Manifest m) {
            out.println("  server   " + m.serverVersion() + ", " + m.pgDumpVersion());
            out.println("  encryption " + m.encryption().algorithm() + ", "
                    + m.files().size() + " files");
            out.printf("  %-40s %12s  %s%n", "TABLE", "ROWS", "CHECKSUM");
            for (Manifest.TableEntry t : m.tables()) {
                out.printf("  %-40s %12d  %s%n", t.schema() + "." + t.name(), t.rowCount(), t.checksum());
            }
            out.println("  " + m.constraints().size() + " constraints, "
                    + m.indexes().size() + " indexes, " + m.sequences().size() + " sequences, "
                    + m.extensions().size() + " extensions");
            out.println("  schema fingerprint: "
                    + m.schema()
                            .map(f -> f.kinds().entrySet().stream()
                                    .filter(k -> !k.getValue().isEmpty())
                                    .map(k -> k.getValue().size() + " " + k.getKey())
                                    .collect(Collectors.joining(", ")))
                            .orElse("none (manifest format " + m.formatVersion() + ")"));
            for (Manifest.FreshnessEntry f : m.freshness()) {
                out.println("  freshness " + f.table() + "." + f.column() + " = "
                        + (f.error().isEmpty()
                                ? (f.maxValue().isEmpty() ? "(empty)" : f.maxValue())
                                : "error: " + f.error()));
            }
        }
    }

    @Command(name = "keep", description = "Keep a backup past retention (or stop keeping it with --unset).")
    static final class Keep implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Parameters(paramLabel = "ID", description = "The backup id.")
        String backupId;

        @Option(names = "--unset", description = "Let retention remove it again.")
        boolean unset;

        /** The JSON answer of {@code backups keep --json}. */
        record Kept(String backupId, boolean keep) {}

        @Override
        public Integer call() {
            if (!cli.catalog().backups().setKeep(backupId, !unset, Cli.operator())) {
                throw new CliFailure(ExitCodes.USAGE, "no backup '" + backupId + "' in the catalog");
            }
            cli.emit(
                    new Kept(backupId, !unset),
                    out -> out.println(backupId
                            + (unset
                                    ? " is no longer kept past retention"
                                    : " is kept past retention (undo: pgdrill backups keep " + backupId
                                            + " --unset)")));
            return ExitCodes.OK;
        }
    }
}

package dev.pgdrill.starter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.PgdrillConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgdrill backups list|show|keep}: what the catalog knows about backups. */
@Command(name = "backups", mixinStandardHelpOptions = true, description = "List and inspect backups.",
        subcommands = {BackupsCommand.ListBackups.class, BackupsCommand.Show.class, BackupsCommand.Keep.class})
final class BackupsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Backups, newest first.")
    static final class ListBackups implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Option(names = "--database", paramLabel = "PROFILE", description = "Only this profile's backups.")
        String database;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            List<BackupRow> rows;
            try {
                rows = new Catalog(cfg.catalogProfile()).backups().list(Optional.ofNullable(database));
            } catch (CatalogException e) {
                throw Cli.catalogFailure(e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Cli.printJson(out, rows);
                return ExitCodes.OK;
            }
            if (rows.isEmpty()) {
                out.println("no backups yet (pgdrill backup run --wait takes one now)");
                return ExitCodes.OK;
            }
            Instant now = Instant.now();
            out.printf("%-20s %-12s %-21s %-10s %10s %6s  %s%n", "ID", "PROFILE", "STARTED", "STATUS", "SIZE", "TABLES", "KIND");
            for (BackupRow r : rows) {
                out.printf("%-20s %-12s %-21s %-10s %10s %6d  %s%s%s%n", r.backupId(), r.profile(), Cli.time(r.startedAt()),
                        r.status(), Sizes.human(r.sizeBytes()), r.tableCount(), r.kind(),
                        r.keep() ? ", keep" : "", r.failureReason().isEmpty() ? "" : "  (" + r.failureReason() + ")");
            }
            out.println(rows.size() + " backup(s); newest " + Cli.relative(rows.get(0).startedAt(), now));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One backup and its manifest.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID", description = "The backup id, e.g. 20260117T030000Z.")
        String backupId;
        @Option(names = "--json", description = "Print JSON: the catalog row and the manifest.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            Catalog catalog = new Catalog(cfg.catalogProfile());
            BackupRow row;
            Optional<Manifest> manifest;
            try {
                row = catalog.backups().find(backupId).orElseThrow(() -> new CliFailure(ExitCodes.USAGE,
                        "no backup '" + backupId + "' in the catalog (pgdrill backups list shows them)"));
                manifest = catalog.backups().manifest(backupId);
            } catch (CatalogException e) {
                throw Cli.catalogFailure(e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode node = Cli.JSON.valueToTree(row);
                manifest.ifPresent(m -> node.setAll((ObjectNode) Cli.JSON.valueToTree(m)));
                Cli.printJson(out, node);
                return ExitCodes.OK;
            }
            out.printf("backup %s of '%s': %s, %s, kind %s%s%n", row.backupId(), row.profile(), row.status(),
                    Sizes.human(row.sizeBytes()), row.kind(), row.keep() ? ", marked keep" : "");
            out.println("  started  " + Cli.time(row.startedAt()) + row.finishedAt().map(f -> ", finished " + Cli.time(f)).orElse(""));
            if (!row.failureReason().isEmpty()) {
                out.println("  failed:  " + row.failureReason());
            }
            manifest.ifPresent(m -> printManifest(out, m));
            return ExitCodes.OK;
        }

        private static void printManifest(PrintWriter out, Manifest m) {
            out.println("  server   " + m.serverVersion() + ", " + m.pgDumpVersion());
            out.println("  encryption " + m.encryption().algorithm() + ", " + m.files().size() + " files");
            out.printf("  %-40s %12s  %s%n", "TABLE", "ROWS", "CHECKSUM");
            for (Manifest.TableEntry t : m.tables()) {
                out.printf("  %-40s %12d  %s%n", t.schema() + "." + t.name(), t.rowCount(), t.checksum());
            }
            out.println("  " + m.constraints().size() + " constraints, " + m.indexes().size() + " indexes, "
                    + m.sequences().size() + " sequences, " + m.extensions().size() + " extensions");
            for (Manifest.FreshnessEntry f : m.freshness()) {
                out.println("  freshness " + f.table() + "." + f.column() + " = "
                        + (f.error().isEmpty() ? (f.maxValue().isEmpty() ? "(empty)" : f.maxValue()) : "error: " + f.error()));
            }
        }
    }

    @Command(name = "keep", mixinStandardHelpOptions = true,
            description = "Keep a backup past retention (or stop keeping it with --unset).")
    static final class Keep implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID", description = "The backup id.")
        String backupId;
        @Option(names = "--unset", description = "Let retention remove it again.")
        boolean unset;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            try {
                boolean found = new Catalog(cfg.catalogProfile()).backups().setKeep(backupId, !unset,
                        System.getProperty("user.name", "operator"));
                if (!found) {
                    throw new CliFailure(ExitCodes.USAGE, "no backup '" + backupId + "' in the catalog");
                }
            } catch (CatalogException e) {
                throw Cli.catalogFailure(e);
            }
            spec.commandLine().getOut().println(backupId + (unset ? " is no longer kept past retention"
                    : " is kept past retention (undo: pgdrill backups keep " + backupId + " --unset)"));
            return ExitCodes.OK;
        }
    }
}

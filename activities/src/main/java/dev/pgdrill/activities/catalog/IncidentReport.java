package dev.pgdrill.activities.catalog;

import dev.pgdrill.core.Json;
import dev.pgdrill.workflows.emergency.Incident;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The incident record as reports/incident-<workflow id>.md and .json in the repository. */
public final class IncidentReport {
    private IncidentReport() {}

    public static Path write(Path repositoryRoot, Incident i) throws IOException {
        Path dir = Files.createDirectories(repositoryRoot.resolve("reports"));
        String base = "incident-" + i.restoreId().replaceAll("[^A-Za-z0-9._-]", "_");
        Reports.writeAtomically(
                dir.resolve(base + ".json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(i));
        Path md = dir.resolve(base + ".md");
        Reports.writeAtomically(md, markdown(i));
        return md;
    }

    static String markdown(Incident i) {
        StringBuilder b =
                new StringBuilder("# Emergency restore of `" + i.targetProfile() + "`: " + i.outcome() + "\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| restore | ")
                .append(i.restoreId())
                .append(" (workflow ")
                .append(i.workflowId())
                .append(") |\n");
        b.append("| incident time | ").append(i.incidentTime()).append(" |\n");
        b.append("| requested by | ")
                .append(i.requestedBy())
                .append(": ")
                .append(Reports.cell(i.reason()))
                .append(" |\n");
        b.append("| backup restored | ")
                .append(i.backupId().isEmpty() ? "(none)" : i.backupId() + " taken " + i.backupTime())
                .append(" |\n");
        b.append("| data-loss window | ")
                .append(
                        i.backupId().isEmpty()
                                ? "-"
                                : human(Duration.ofMillis(i.dataLossWindowMs())) + " (incident time minus backup time)")
                .append(" |\n");
        b.append("| pre-restore snapshot | ")
                .append(i.preRestoreBackupId().isEmpty() ? "-" : "backup " + i.preRestoreBackupId())
                .append(" |\n");
        b.append("| old production kept as | ")
                .append(i.preRestoreDatabase().isEmpty() ? "-" : "`" + i.preRestoreDatabase() + "`")
                .append(" |\n\n");
        b.append("## Timeline\n\n| time | step | detail |\n|---|---|---|\n");
        i.timeline().forEach(e -> b.append("| ")
                .append(e.at())
                .append(" | ")
                .append(e.step())
                .append(" | ")
                .append(Reports.cell(e.detail()))
                .append(" |\n"));
        b.append("\n## Candidates tried on staging\n\n| backup | verdict | why |\n|---|---|---|\n");
        i.attempts().forEach(a -> b.append("| ")
                .append(a.backupId())
                .append(" | ")
                .append(a.verdict())
                .append(" | ")
                .append(Reports.cell(a.why()))
                .append(" |\n"));
        b.append("\n## Decisions\n\n| time | who | action | detail |\n|---|---|---|---|\n");
        i.decisions().forEach(d -> b.append("| ")
                .append(d.at())
                .append(" | ")
                .append(d.who())
                .append(" | ")
                .append(d.action())
                .append(" | ")
                .append(Reports.cell(d.detail()))
                .append(" |\n"));
        b.append("\n## Production verification\n\n| check | status | actual | detail |\n|---|---|---|---|\n");
        for (CheckResult c : i.productionChecks()) {
            b.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.status())
                    .append(" | ")
                    .append(Reports.cell(c.actual()))
                    .append(" | ")
                    .append(Reports.cell(c.detail()))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String human(Duration d) {
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}

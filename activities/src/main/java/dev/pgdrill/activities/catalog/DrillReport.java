package dev.pgdrill.activities.catalog;

import dev.pgdrill.core.Json;
import dev.pgdrill.workflows.activities.DrillRecord;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** A drill's report as people and machines read it: reports/drill-<id>.md and .json in the repository. */
public final class DrillReport {
    private DrillReport() {}

    /** Writes both files (each via a temporary name) and returns the Markdown one's path. */
    public static Path write(Path repositoryRoot, DrillRecord r) throws IOException {
        Path dir = Files.createDirectories(repositoryRoot.resolve("reports"));
        String id = r.drillId().replaceAll("[^A-Za-z0-9._-]", "_");
        String base = id.startsWith("drill-") ? id : "drill-" + id;
        Path md = dir.resolve(base + ".md");
        Reports.writeAtomically(
                dir.resolve(base + ".json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        Reports.writeAtomically(md, markdown(r));
        return md;
    }

    static String markdown(DrillRecord r) {
        StringBuilder b = new StringBuilder();
        b.append("# Restore drill ")
                .append(r.drillId())
                .append(": ")
                .append(r.verdict())
                .append("\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| backup | ")
                .append(r.backupId().isEmpty() ? "(none)" : r.backupId())
                .append(" of `")
                .append(r.sourceProfile())
                .append("` |\n");
        b.append("| restored into | `")
                .append(r.database().isEmpty() ? "-" : r.database())
                .append("` on `")
                .append(r.targetProfile())
                .append("` (dropped after the drill) |\n");
        b.append("| started | ")
                .append(r.startedAt())
                .append(" |\n| finished | ")
                .append(r.finishedAt())
                .append(" |\n");
        b.append("| restore time (RTO) | ").append(seconds(r.restoreMs())).append(" |\n");
        b.append("| requested by | ")
                .append(r.requestedBy())
                .append(" |\n\n## Steps\n\n| step | duration |\n|---|---|\n");
        for (Map.Entry<String, Long> e : r.durationsMs().entrySet()) {
            b.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(seconds(e.getValue()))
                    .append(" |\n");
        }
        b.append("\n## Checks\n\n| check | status | expected | actual | detail |\n|---|---|---|---|---|\n");
        for (CheckResult c : r.checks()) {
            b.append("| ")
                    .append(Reports.cell(c.name()))
                    .append(" | ")
                    .append(c.status())
                    .append(c.critical() ? "" : " (non-critical)")
                    .append(" | ")
                    .append(Reports.cell(c.expected()))
                    .append(" | ")
                    .append(Reports.cell(c.actual()))
                    .append(" | ")
                    .append(Reports.cell(c.detail()))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

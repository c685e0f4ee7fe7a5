package dev.pgdrill.activities.source;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a Supabase project can be restored to for an incident, from its backup list: a point-in-time restore to
 * the incident time when PITR is enabled and the time lies in its window; otherwise a refusal that says why and
 * names the newest COMPLETED backup before the incident. pgdrill does not restore daily backups itself: Supabase's
 * endpoint for that ({@code POST …/database/backups/restore}) is marked internal in its OpenAPI, and a production
 * restore should not lean on an endpoint that may change without notice.
 */
final class SupabaseRestorePoint {
    private SupabaseRestorePoint() {}

    static ProviderRestorePlan plan(String projectRef, List<SourceBackup> listed, Instant incident)
            throws ActivityException {
        Optional<SourceBackup> window =
                listed.stream().filter(b -> "pitr".equals(b.type())).findFirst();
        Instant target = Instant.ofEpochSecond(incident.getEpochSecond()); // the API takes whole seconds
        if (window.isPresent() && window.get().finishedAt().isPresent()) {
            Instant earliest = window.get().startedAt();
            Instant latest = window.get().finishedAt().get();
            if (!target.isBefore(earliest) && !target.isAfter(latest)) {
                return new ProviderRestorePlan(
                        ProviderRestorePlan.PITR,
                        target,
                        "point-in-time restore to " + target + " (the window runs from " + earliest + " to " + latest
                                + ")");
            }
            throw refusal(
                    projectRef,
                    "the incident time " + target + " is outside its point-in-time window (" + earliest + " to "
                            + latest + ")",
                    listed,
                    incident);
        }
        throw refusal(
                projectRef,
                window.isPresent()
                        ? "point-in-time recovery is enabled but Supabase reports no window yet"
                        : "point-in-time recovery is not enabled for it",
                listed,
                incident);
    }

    private static ActivityException refusal(
            String projectRef, String why, List<SourceBackup> listed, Instant incident) {
        Optional<SourceBackup> daily = listed.stream()
                .filter(b -> !"pitr".equals(b.type()))
                .filter(b -> "COMPLETED".equals(b.status()))
                .filter(b -> b.startedAt().isBefore(incident))
                .findFirst(); // newest first, as listed
        return ActivityException.permanent(
                FailureType.SOURCE_REJECTED,
                "unable to restore Supabase project '" + projectRef + "' to " + incident + ": " + why + "; "
                        + daily.map(b -> "its newest COMPLETED backup before the incident is " + b.id() + " ("
                                        + b.type() + ", " + b.startedAt() + "): restore it in Supabase's dashboard"
                                        + " (Database → Backups), then check it with pgdrill drill run")
                                .orElse("it has no COMPLETED backup before the incident either")
                        + "; nothing was requested from Supabase, production untouched");
    }
}

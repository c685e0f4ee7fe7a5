package dev.pgdrill.workflows.activities;

import java.util.List;

/** What retention removed and what it kept past the window, each with its reason. */
public record PruneResult(List<Decision> removed, List<Decision> kept) {
    public record Decision(String backupId, String reason) {}
}

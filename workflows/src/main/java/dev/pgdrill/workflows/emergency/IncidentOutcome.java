package dev.pgdrill.workflows.emergency;

/** How an emergency restore ended. Only RESTORED touched production (and kept what it replaced). */
public enum IncidentOutcome {
    RESTORED,
    REJECTED,
    APPROVAL_EXPIRED,
    NO_CANDIDATE,
    ALL_CANDIDATES_FAILED,
    SIDE_RESTORE_FAILED,
    SWITCHED_BACK,
    CANCELLED,
    FAILED
}

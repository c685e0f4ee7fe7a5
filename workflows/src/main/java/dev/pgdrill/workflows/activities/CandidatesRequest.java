package dev.pgdrill.workflows.activities;

import java.time.Instant;

/**
 * COMPLETED backups of {@code profile} started in [{@code from}, {@code to}).
 *
 * @param regularOnly leave out pre-restore snapshots (copies of a damaged production, never a restore
 *                    candidate unless an operator names one by id)
 */
public record CandidatesRequest(String profile, Instant from, Instant to, boolean regularOnly) {
    /** Regular backups only: what drills and emergency restores choose from. */
    public CandidatesRequest(String profile, Instant from, Instant to) {
        this(profile, from, to, true);
    }
}

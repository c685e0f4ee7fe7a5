package dev.pgdrill.workflows.activities;

import java.time.Instant;

/**
 * A provider-native restore the provider said it can do: {@code pitr}, a point-in-time restore to {@code target}.
 * (A restore of one of the provider's daily backups goes through an endpoint Supabase marks internal; pgdrill
 * names that backup in its refusal instead of calling it.)
 *
 * @param detail why this one, in the operator's words (the PITR window it lies in)
 */
public record ProviderRestorePlan(String kind, Instant target, String detail) {
    public static final String PITR = "pitr";

    /** The id the incident record and the approval name: {@code pitr@<time>}. */
    public String label() {
        return kind + "@" + target;
    }
}

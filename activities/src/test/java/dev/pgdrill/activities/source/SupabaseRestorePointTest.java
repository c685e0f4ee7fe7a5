package dev.pgdrill.activities.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The restore point of a Supabase emergency restore, decided from the backup list before anything is asked. */
class SupabaseRestorePointTest {
    private static final String REF = "abcdefghijklmnopqrst";
    private static final Instant EARLIEST = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2026-02-08T00:00:00Z");

    private static SourceBackup window(boolean known) {
        return new SourceBackup(
                "pitr",
                "project",
                "supabase",
                "pitr",
                known ? "AVAILABLE" : "PENDING",
                known ? EARLIEST : Instant.EPOCH,
                known ? Optional.of(LATEST) : Optional.empty(),
                0,
                "");
    }

    private static SourceBackup daily(String id, String status, String at) {
        return new SourceBackup(
                id, "project", "supabase", "physical", status, Instant.parse(at), Optional.empty(), 0, "");
    }

    private static final List<SourceBackup> DAILY = List.of(
            daily("313", "COMPLETED", "2026-02-09T04:00:00Z"),
            daily("312", "FAILED", "2026-02-08T04:00:00Z"),
            daily("311", "COMPLETED", "2026-02-07T04:00:00Z"));

    @Test
    void anIncidentInsideTheWindowIsAPointInTimeRestoreToItsSecond() throws Exception {
        ProviderRestorePlan plan =
                SupabaseRestorePoint.plan(REF, List.of(window(true)), Instant.parse("2026-02-05T10:30:00.900Z"));
        assertThat(plan.kind()).isEqualTo(ProviderRestorePlan.PITR);
        assertThat(plan.target()).isEqualTo(Instant.parse("2026-02-05T10:30:00Z"));
        assertThat(plan.label()).isEqualTo("pitr@2026-02-05T10:30:00Z");
        assertThat(plan.detail()).contains("window runs from 2026-02-01T00:00:00Z to 2026-02-08T00:00:00Z");
    }

    @Test
    void withoutAUsableWindowTheRefusalSaysWhyAndNamesTheNewestCompletedBackupBefore() {
        Instant incident = Instant.parse("2026-02-08T12:00:00Z");
        assertThatThrownBy(() -> SupabaseRestorePoint.plan(REF, DAILY, incident))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.type()).isEqualTo(FailureType.SOURCE_REJECTED);
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("point-in-time recovery is not enabled for it")
                .hasMessageContaining("newest COMPLETED backup before the incident is 311")
                .hasMessageContaining("nothing was requested from Supabase, production untouched");
        assertThatThrownBy(() -> SupabaseRestorePoint.plan(REF, List.of(window(true)), incident))
                .hasMessageContaining("is outside its point-in-time window")
                .hasMessageContaining("no COMPLETED backup before the incident either");
        assertThatThrownBy(() -> SupabaseRestorePoint.plan(REF, List.of(window(false)), incident))
                .hasMessageContaining("Supabase reports no window yet");
    }
}

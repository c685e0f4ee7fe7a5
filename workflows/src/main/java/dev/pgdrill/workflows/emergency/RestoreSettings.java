package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.notify.AlertRouting;
import java.time.Duration;

/**
 * What an emergency restore decides on, copied from the configuration when the run starts: a change to
 * the file while a restore waits for approval changes neither who may approve it nor where it stages.
 *
 * @param stagingProfile where candidates are restored and verified first
 * @param approval       the approval policy: phrase, approvers, distinct approver, timeout
 * @param jobs           pg_restore and pg_dump parallel jobs
 * @param reminderEvery  how often a reminder goes out while the approval is awaited
 * @param retentionDays  retention of the pre-restore snapshot's profile
 * @param alerts         where milestones are told (absent in runs started before notifications: none)
 * @param prepareBeforeApproval restore and verify the side database next to production while the approval
 *                      is awaited, so that after it only the switch remains (false in histories from before
 *                      it existed: those runs restore the side database after the approval, as they did)
 * @param reuseStaging  staging is on production's server, as production's user: the staging restore keeps
 *                      production's owners, grants and settings, and the side database is a copy of the
 *                      verified staging database ({@code CREATE DATABASE … TEMPLATE}), so the backup is restored
 *                      and fully verified once (false in histories from before it existed, and when staging is
 *                      elsewhere: a restore of its own next to production)
 * @param source        the kind of the target's backup source ({@code databases.<target>.source.kind}): which
 *                      restore path the run takes — pgdump (the switch protocol on logical backups; also in
 *                      histories from before sources existed), pgbackrest (a cluster-level switch) or supabase
 *                      (the provider's own restore)
 */
public record RestoreSettings(
        String stagingProfile,
        ApprovalPolicy approval,
        int jobs,
        Duration reminderEvery,
        int retentionDays,
        AlertRouting alerts,
        boolean prepareBeforeApproval,
        boolean reuseStaging,
        String source) {
    public static final String PGDUMP = "pgdump";
    public static final String PGBACKREST = "pgbackrest";
    public static final String SUPABASE = "supabase";

    public RestoreSettings {
        alerts = AlertRouting.orNone(alerts);
        source = source == null || source.isEmpty() ? PGDUMP : source;
    }

    /** A target whose backups pgdrill makes with pg_dump. */
    public RestoreSettings(
            String stagingProfile,
            ApprovalPolicy approval,
            int jobs,
            Duration reminderEvery,
            int retentionDays,
            AlertRouting alerts,
            boolean prepareBeforeApproval,
            boolean reuseStaging) {
        this(
                stagingProfile,
                approval,
                jobs,
                reminderEvery,
                retentionDays,
                alerts,
                prepareBeforeApproval,
                reuseStaging,
                PGDUMP);
    }

    /** Staging elsewhere: the side database restored on its own. */
    public RestoreSettings(
            String stagingProfile,
            ApprovalPolicy approval,
            int jobs,
            Duration reminderEvery,
            int retentionDays,
            AlertRouting alerts,
            boolean prepareBeforeApproval) {
        this(stagingProfile, approval, jobs, reminderEvery, retentionDays, alerts, prepareBeforeApproval, false);
    }

    /** Without notifications, prepared before the approval (the default). */
    public RestoreSettings(
            String stagingProfile, ApprovalPolicy approval, int jobs, Duration reminderEvery, int retentionDays) {
        this(stagingProfile, approval, jobs, reminderEvery, retentionDays, AlertRouting.NONE, true, false);
    }
}

package dev.pgdrill.workflows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every workflow and schedule id pgdrill makes, built and parsed here only. Ids make duplicates
 * impossible (one emergency restore per target at a time) and let people find a run in the Temporal UI
 * by what it is about.
 */
public final class WorkflowIds {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String SCHEDULE_PREFIX = "pgdrill-";
    private static final String EMERGENCY = "emergency-restore-";
    private static final String RUN_SEPARATOR = "@";
    private static final String DRILL = "drill-";
    private static final String DRILL_RESTORE = "-restore";
    private static final String VERIFY = "verify-";
    /** The suffixes {@link #staging}, {@link #sideRestore} and {@link #snapshot} append to an emergency restore's id. */
    private static final Pattern EMERGENCY_CHILD = Pattern.compile("-(staging-[0-9]+|side|snapshot)$");

    private WorkflowIds() {}

    /** The UTC second as ids and backup ids write it: {@code 20260117T030000Z}. */
    public static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /** A backup started by hand: {@code backup-<profile>-<stamp>}. */
    public static String backup(String profile, Instant at) {
        return scheduledBackup(profile) + "-" + stamp(at);
    }

    /** A scheduled backup's base id; the schedule appends the scheduled time. */
    public static String scheduledBackup(String profile) {
        return "backup-" + profile;
    }

    /** A drill started by hand: {@code drill-<profile>-<stamp>}. */
    public static String drill(String profile, Instant at) {
        return scheduledDrill(profile) + "-" + stamp(at);
    }

    public static String scheduledDrill(String profile) {
        return DRILL + profile;
    }

    /** The restore child of a drill. */
    public static String drillRestore(String drillId) {
        return drillId + DRILL_RESTORE;
    }

    /** An ad-hoc verification ({@code pgdrill verify}): {@code verify-<backupId>-<stamp>}. */
    public static String verify(String backupId, Instant at) {
        return VERIFY + backupId + "-" + stamp(at);
    }

    /** The restore child of an ad-hoc verification. */
    public static String verifyRestore(String verifyId) {
        return verifyId + DRILL_RESTORE;
    }

    /** One emergency restore per target at a time. */
    public static String emergencyRestore(String targetProfile) {
        return EMERGENCY + targetProfile;
    }

    /** The target profile of an emergency restore id, or empty when the id is not one. */
    public static Optional<String> emergencyRestoreTarget(String workflowId) {
        return workflowId != null && workflowId.startsWith(EMERGENCY) && workflowId.length() > EMERGENCY.length()
                ? Optional.of(workflowId.substring(EMERGENCY.length()))
                : Optional.empty();
    }

    /**
     * One emergency restore run's own identity, {@code emergency-restore-<target>@<stamp>-<hex>}: the owner of
     * everything the run creates (database markers, child workflows, the snapshot, holds, reports, the incident
     * record), so two restores of one target in a row never mistake each other's work for their own. The
     * workflow id stays one per target: that is what keeps two restores of one target from running at once.
     */
    public static String restoreRun(String targetProfile, Instant startedAt, String uniqueHex) {
        // The hex (from the run's deterministic random) keeps two runs started within one second apart.
        return emergencyRestore(targetProfile) + RUN_SEPARATOR + stamp(startedAt) + "-" + uniqueHex;
    }

    /** The emergency restore's staging attempt {@code attempt} (1-based). */
    public static String staging(String restoreId, int attempt) {
        return restoreId + "-staging-" + attempt;
    }

    /** The emergency restore's side restore next to production. */
    public static String sideRestore(String restoreId) {
        return restoreId + "-side";
    }

    /** The emergency restore's pre-restore snapshot (a BackupWorkflow child). */
    public static String snapshot(String restoreId) {
        return restoreId + "-snapshot";
    }

    /**
     * The id and, nearest first, the ids of the runs that started it: {@code emergency-restore-p-staging-2}
     * gives itself and {@code emergency-restore-p}. A database a child made belongs to its parent too: the
     * staging database outlives its child run while the restore waits for approval.
     */
    public static List<String> lineage(String workflowId) {
        List<String> ids = new ArrayList<>();
        for (Optional<String> id = Optional.of(workflowId); id.isPresent(); id = parent(id.get())) {
            ids.add(id.get());
        }
        return ids;
    }

    /** The run that started a child of ours (by the child ids this class builds), or empty. */
    private static Optional<String> parent(String childId) {
        if (childId.startsWith(EMERGENCY)) {
            String parent = EMERGENCY_CHILD.matcher(childId).replaceFirst("");
            if (parent.length() < childId.length() && parent.length() > EMERGENCY.length()) {
                return Optional.of(parent);
            }
            // A restore run's id (emergency-restore-<target>@<stamp>-<hex>) belongs to the target's workflow.
            int run = childId.indexOf(RUN_SEPARATOR);
            return run > EMERGENCY.length() ? Optional.of(childId.substring(0, run)) : Optional.empty();
        }
        for (String prefix : List.of(DRILL, VERIFY)) { // drill-…-restore, verify-…-restore
            if (childId.startsWith(prefix) && childId.endsWith(DRILL_RESTORE)) {
                String parent = childId.substring(0, childId.length() - DRILL_RESTORE.length());
                return parent.length() > prefix.length() ? Optional.of(parent) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A live listing of a profile's backups from its source ({@code pgdrill backups list --database P}). */
    public static String backupsList(String profile, Instant at) {
        return "backups-list-" + profile + "-" + stamp(at);
    }

    /** A monitor run started by hand: {@code monitor-<stamp>}. */
    public static String monitor(Instant at) {
        return scheduledMonitor() + "-" + stamp(at);
    }

    /** The monitor's scheduled runs' base id (one monitor for every profile). */
    public static String scheduledMonitor() {
        return "monitor";
    }

    /** An {@code pgdrill alerts test} run. */
    public static String alertsTest(Instant at) {
        return "alerts-test-" + stamp(at);
    }

    /** {@code pgdrill-monitor}. */
    public static String monitorSchedule() {
        return SCHEDULE_PREFIX + scheduledMonitor();
    }

    /** {@code pgdrill-backup-<profile>} and {@code pgdrill-drill-<profile>}. */
    public static String backupSchedule(String profile) {
        return SCHEDULE_PREFIX + scheduledBackup(profile);
    }

    public static String drillSchedule(String profile) {
        return SCHEDULE_PREFIX + scheduledDrill(profile);
    }

    /** Whether a schedule id is one pgdrill manages (and may delete when the configuration drops it). */
    public static boolean isPgdrillSchedule(String scheduleId) {
        return scheduleId.startsWith(SCHEDULE_PREFIX);
    }
}

package dev.pgdrill.workflows.fleet;

import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.backup.DrillAfter;
import dev.pgdrill.workflows.drill.DrillSettings;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One backup or drill per listed database, at most {@code maxConcurrent} at a time. Everything the children
 * decide on travels here, copied from the configuration when the fleet run starts.
 *
 * @param kind          {@link #BACKUP} or {@link #DRILL}
 * @param profiles      the databases, in the order they are started
 * @param maxConcurrent databases in flight at once (fleet.maxConcurrent)
 * @param runKind       the backups' kind: {@code scheduled} or {@code manual}
 * @param backups       each database's backup settings (kind backup): its source decides pg_dump or pgBackRest
 * @param drillAfter    whether a backup drills itself right after (kind backup; the fleet waits for it)
 * @param drilledAfter  the databases whose backups do (drill.databases; kind backup)
 * @param drills        each database's drill settings (kind drill; kind backup: the drills after the backups)
 * @param latest        drill each database's newest backup in the window instead of a random one (kind drill)
 */
public record FleetRequest(
        String kind,
        List<String> profiles,
        int maxConcurrent,
        String runKind,
        String requestedBy,
        Map<String, BackupSettings> backups,
        DrillAfter drillAfter,
        List<String> drilledAfter,
        Map<String, DrillSettings> drills,
        boolean latest) {
    public static final String BACKUP = "backup";
    public static final String DRILL = "drill";

    /** The same value for each of {@code profiles}. */
    public static <T> Map<String, T> each(List<String> profiles, Function<String, T> value) {
        return profiles.stream().distinct().collect(Collectors.toMap(p -> p, value));
    }
}

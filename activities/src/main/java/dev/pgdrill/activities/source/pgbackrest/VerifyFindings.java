package dev.pgdrill.activities.source.pgbackrest;

import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.workflows.verify.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code pgbackrest verify --output=text --verbose} found, as checks. Its exit code is 0 even when it
 * reports {@code status: error} (pgBackRest #2502), and 2.45 does not name a WAL gap in its text at all: the
 * gaps show only as several {@code wal start/stop} ranges in its DETAIL log. So the text and the log are
 * read, never the exit code alone:
 *
 * <ul>
 *   <li>{@code pgbackrest_verify}: the status, and every archive or backup line with a file missing, a
 *       checksum or size invalid; damage in the set being restored (or a set it references) FAILs, damage
 *       elsewhere in the repository is a WARN naming it.
 *   <li>{@code backup_wal}: the WAL the set needs to become consistent is in the archive, in one unbroken
 *       range.
 *   <li>{@code wal_continuity}: the archive has no gap from the set's end to the newest segment (a
 *       point-in-time restore past a gap cannot get there): critical only for such a restore.
 * </ul>
 */
public final class VerifyFindings {
    private static final Pattern STATUS = Pattern.compile("(?m)^status: (\\S+)\\s*$");
    private static final Pattern ITEM = Pattern.compile(
            "(?m)^\\s+(archiveId|backup): ([^,\\s]+)(?:, status: ([^,\\s]+))?[^\\n]*\\n\\s+missing: (\\d+), checksum"
                    + " invalid: (\\d+), size invalid: (\\d+), other: (\\d+)");
    private static final Pattern RANGE =
            Pattern.compile("DETAIL: archiveId: (\\S+), wal start: ([0-9A-F]{24}), wal stop: ([0-9A-F]{24})");

    private VerifyFindings() {}

    /** A range of WAL segments the archive holds without a gap. */
    record Range(String archiveId, String start, String stop) {
        boolean covers(String from, String to) {
            return sameTimeline(from) && start.compareTo(from) <= 0 && stop.compareTo(to) >= 0;
        }

        boolean sameTimeline(String segment) {
            return start.substring(0, 8).equals(segment.substring(0, 8));
        }
    }

    /**
     * @param set        the set to be restored, with what it references (an incremental's prior sets)
     * @param walStart   the set's first WAL segment
     * @param walStop    its last
     * @param pitrCritical whether a WAL gap after the set fails (a point-in-time restore) or warns (a drill)
     */
    public static List<CheckResult> of(
            ServerPrograms.Result r,
            Set<String> set,
            String label,
            String walStart,
            String walStop,
            boolean pitrCritical) {
        List<CheckResult> out = new ArrayList<>();
        out.add(verify(r, set, label));
        List<Range> ranges = ranges(r.errors() + "\n" + r.output());
        out.add(backupWal(ranges, label, walStart, walStop));
        out.add(continuity(ranges, walStop, pitrCritical));
        return out;
    }

    static CheckResult verify(ServerPrograms.Result r, Set<String> set, String label) {
        Matcher status = STATUS.matcher(r.output());
        if (r.exit() != 0 || !status.find()) {
            return CheckResult.fail(
                    "pgbackrest_verify",
                    "status: ok",
                    r.exit() != 0 ? "exit " + r.exit() : "no status printed",
                    r.why());
        }
        List<String> ours = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Matcher m = ITEM.matcher(r.output());
        while (m.find()) {
            boolean archive = "archiveId".equals(m.group(1));
            String name = m.group(2);
            String itemStatus = m.group(3) == null ? "" : m.group(3);
            String counts = counts(m);
            boolean bad = !counts.isEmpty() || (!archive && !"valid".equals(itemStatus));
            if (bad) {
                String line = (archive ? "WAL " + name : "backup " + name + " " + itemStatus)
                        + (counts.isEmpty() ? "" : " (" + counts + ")");
                (archive || set.contains(name) ? ours : others).add(line);
            }
        }
        if (!ours.isEmpty() || ("error".equals(status.group(1)) && others.isEmpty())) {
            return CheckResult.fail(
                    "pgbackrest_verify",
                    "status: ok, " + label + " and its WAL valid",
                    "status: " + status.group(1),
                    String.join("; ", ours.isEmpty() ? List.of(r.output().strip()) : ours));
        }
        if (!others.isEmpty()) {
            return CheckResult.warn(
                    "pgbackrest_verify",
                    "status: ok",
                    "status: " + status.group(1),
                    label + " is valid; other sets in the repository are not: " + String.join("; ", others));
        }
        return CheckResult.pass("pgbackrest_verify", "status: ok", "status: ok", label + " and the archive are valid");
    }

    private static String counts(Matcher m) {
        List<String> parts = new ArrayList<>();
        String[] names = {"missing", "checksum invalid", "size invalid", "other"};
        for (int i = 0; i < 4; i++) {
            long n = Long.parseLong(m.group(4 + i));
            if (n > 0) {
                parts.add(n + " " + names[i]);
            }
        }
        return String.join(", ", parts);
    }

    static List<Range> ranges(String log) {
        List<Range> out = new ArrayList<>();
        Matcher m = RANGE.matcher(log);
        while (m.find()) {
            Range r = new Range(m.group(1), m.group(2), m.group(3));
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    static CheckResult backupWal(List<Range> ranges, String label, String walStart, String walStop) {
        String want = walStart + ".." + walStop;
        if (ranges.stream().anyMatch(r -> r.covers(walStart, walStop))) {
            return CheckResult.pass(
                    "backup_wal", want + " archived", "archived", "the WAL " + label + " needs is there");
        }
        return CheckResult.fail(
                "backup_wal",
                want + " archived",
                "not all there",
                "a WAL segment " + label + " needs to become consistent is missing from the archive; it holds "
                        + describe(ranges));
    }

    static CheckResult continuity(List<Range> ranges, String walStop, boolean critical) {
        List<Range> after = ranges.stream()
                .filter(r -> r.sameTimeline(walStop) && r.stop().compareTo(walStop) >= 0)
                .toList();
        if (after.size() <= 1) {
            return CheckResult.pass(
                    "wal_continuity", "no gap after " + walStop, "no gap", "archive holds " + describe(ranges));
        }
        String detail = "the archive has a gap after the backup: it holds " + describe(ranges)
                + "; a point-in-time restore cannot pass " + after.get(0).stop();
        return critical
                ? CheckResult.fail("wal_continuity", "no gap after " + walStop, after.size() + " ranges", detail)
                : CheckResult.warn("wal_continuity", "no gap after " + walStop, after.size() + " ranges", detail);
    }

    private static String describe(List<Range> ranges) {
        if (ranges.isEmpty()) {
            return "no WAL";
        }
        return String.join(
                ", ", ranges.stream().map(r -> r.start() + ".." + r.stop()).toList());
    }
}

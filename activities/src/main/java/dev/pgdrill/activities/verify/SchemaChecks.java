package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.verify.SchemaDiff.Difference;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint;
import dev.pgdrill.core.catalog.SchemaFingerprint.SchemaObject;
import dev.pgdrill.workflows.verify.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One named check per kind of the schema fingerprint, the manifest's objects against the restored
 * database's. Differences a restore legitimately makes are WARNs with their reason, and what a pgdrill
 * restore cannot show (owners: it runs {@code --no-owner}) is a SKIP saying why, never a silent pass.
 */
final class SchemaChecks {
    /** The check of a manifest without a fingerprint (format 1). */
    static final String NO_FINGERPRINT = "schema_fingerprint";

    /** The checks of a backup pgdrill did not make against its live source: {@code live:views}. */
    static final String LIVE_PREFIX = "live:";

    private static final String LIVE_DETAIL = "compared with the live source's schema as it is now, not as it was"
            + " when the backup was taken: weaker (a schema change since the backup shows here too)";
    /** What a live source has changed since the backup whatever its schema. */
    private static final Set<String> DATA_ATTRIBUTES = Set.of("rows", "content_checksum", "last_value");

    /** Kind → check name where they differ (the {@code sequences} check proves sequences are not behind). */
    private static final Map<String, String> CHECK_NAMES = Map.of("sequences", "sequence_values");
    /** Kind → the objects in words, for the report. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("matviews", "materialized views"),
            Map.entry("rls", "row-level security settings and policies"),
            Map.entry("acls", "objects with grants"),
            Map.entry("owners", "owned objects"),
            Map.entry("large_objects", "large object summary (count and contents)"),
            Map.entry("event_triggers", "event triggers"));
    /** What pgdrill itself adds to a database it verifies: the amcheck check installs amcheck. */
    private static final Set<String> ADDED_BY_PGDRILL = Set.of("extensions amcheck", "comments extension amcheck");

    private SchemaChecks() {}

    /** The check name of a kind: the kind itself, but for sequences. */
    static String checkName(String kind) {
        return CHECK_NAMES.getOrDefault(kind, kind);
    }

    /**
     * @param restored the restored database's fingerprint
     * @param grants   the restored objects' ACLs as the backup's archive sets them, or why not known
     */
    static List<CheckResult> compare(Manifest m, SchemaFingerprint restored, ArchiveGrants.Result grants) {
        boolean live = BackupStore.EXTERNAL.equals(m.kind());
        if (m.schema().isEmpty()) {
            return List.of(CheckResult.skip(
                    NO_FINGERPRINT,
                    live
                            ? "no manifest and no live source to compare with (pgdrill verify --file F --source P, for"
                                    + " a profile in verification.externalSources): object kinds not compared"
                            : "the manifest (format " + m.formatVersion() + ") has no schema fingerprint: views,"
                                    + " functions, triggers, row-level security, grants, partitions, large objects"
                                    + " and the other object kinds were not compared; backups taken from now on"
                                    + " record it"));
        }
        SchemaFingerprint expected = m.schema().get();
        if (expected.version() != restored.version()) {
            return List.of(CheckResult.skip(
                    NO_FINGERPRINT,
                    "the manifest's schema fingerprint is of version " + expected.version() + ", this pgdrill reads"
                            + " version " + restored.version() + ": not compared"));
        }
        Set<String> kinds = new LinkedHashSet<>(restored.kinds().keySet());
        kinds.addAll(expected.kinds().keySet());
        List<CheckResult> out = new ArrayList<>();
        for (String kind : kinds) {
            out.add(
                    live
                            ? liveCheck(kind, expected.of(kind), restored.of(kind), grants)
                            : check(kind, expected.of(kind), restored.of(kind), grants));
        }
        return out;
    }

    /**
     * A backup pgdrill did not make, against its live source's schema now: weaker, and named so ({@code
     * live:views}). Data the source has changed since (matview contents, sequence values, large objects) is
     * left out; a schema change since the backup shows as a difference too.
     */
    private static CheckResult liveCheck(
            String kind, List<SchemaObject> expected, List<SchemaObject> actual, ArchiveGrants.Result grants) {
        String name = LIVE_PREFIX + checkName(kind);
        if (kind.equals("large_objects")) {
            return CheckResult.skip(name, "data, not schema: a live source's large objects are not read");
        }
        CheckResult r = check(kind, withoutData(expected), withoutData(actual), grants);
        String detail = LIVE_DETAIL + (r.detail().isEmpty() ? "" : "; " + r.detail());
        return new CheckResult(name, r.status(), r.expected(), r.actual(), detail, r.critical());
    }

    private static List<SchemaObject> withoutData(List<SchemaObject> objects) {
        return objects.stream()
                .map(o -> {
                    Map<String, String> a = new TreeMap<>(o.attributes());
                    a.keySet().removeAll(DATA_ATTRIBUTES);
                    return new SchemaObject(o.key(), a);
                })
                .toList();
    }

    private static CheckResult check(
            String kind, List<SchemaObject> expected, List<SchemaObject> actual, ArchiveGrants.Result grants) {
        String name = checkName(kind);
        String what = WORDS.getOrDefault(kind, kind.replace('_', ' '));
        if (kind.equals("owners")) {
            return CheckResult.skip(
                    name,
                    "pgdrill restores with --no-owner (the owners' roles need not exist where it restores), so every"
                            + " restored object belongs to the restoring user: " + expected.size()
                            + " owners recorded in the manifest, not compared");
        }
        String context = "";
        if (kind.equals("acls")) {
            if (!grants.skipped().isEmpty()) {
                return CheckResult.skip(name, grants.skipped());
            }
            actual = grants.acls();
            context = "the grants the backup's archive carries, applied to the restored objects in a transaction"
                    + " rolled back at once: pgdrill restores with --no-privileges";
        }
        List<Difference> diffs = new ArrayList<>();
        for (Difference d : SchemaDiff.between(expected, actual)) {
            Difference judged = judge(kind, d);
            if (judged != null) {
                diffs.add(judged);
            }
        }
        return SchemaDiff.result(name, what, expected.size(), diffs, context);
    }

    /** The difference as it counts: failing, a WARN with its reason, or null when pgdrill itself made it. */
    private static Difference judge(String kind, Difference d) {
        if (d.expected() == null && ADDED_BY_PGDRILL.contains(kind + " " + d.key())) {
            return null;
        }
        if (d.actual() == null) {
            return kind.equals("indexes") && d.expected().get("validity").equals("invalid")
                    ? d.withWarning("invalid in production (a failed CREATE INDEX CONCURRENTLY?): pg_dump leaves"
                            + " invalid indexes out")
                    : d;
        }
        if (d.expected() == null) {
            return d;
        }
        return switch (kind) {
            case "matviews" -> matview(d);
            case "sequences" ->
                Set.of("last_value").equals(d.changed())
                                && !d.actual().get("last_value").isEmpty()
                        ? d.withWarning("sequences are not transactional: pg_dump and the manifest read their"
                                + " values moments apart")
                        : d;
            case "extensions" ->
                Set.of("version").equals(d.changed())
                        ? d.withWarning("CREATE EXTENSION installs the restoring server's default version")
                        : d;
            default -> d;
        };
    }

    /**
     * pg_restore refreshes materialized views from the restored tables, so their contents are those of a
     * refresh now: they may differ from production's copy (refreshed earlier, or a query that depends on
     * the time). Lost contents still fail: not populated, or empty where production's copy had rows.
     */
    private static Difference matview(Difference d) {
        boolean contentsOnly = Set.of("rows", "content_checksum").containsAll(d.changed());
        boolean lost =
                d.actual().get("rows").equals("0") && !d.expected().get("rows").equals("0");
        return contentsOnly && !lost && Objects.equals(d.actual().get("populated"), "")
                ? d.withWarning("a restore refreshes materialized views from the restored tables; production's copy"
                        + " was refreshed earlier or its query depends on the time")
                : d;
    }
}

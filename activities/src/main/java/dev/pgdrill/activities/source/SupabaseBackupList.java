package dev.pgdrill.activities.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The answer of {@code GET /v1/projects/{ref}/database/backups} as pgdrill lists it: the daily backups newest
 * first and, when point-in-time recovery is enabled, its window as one entry of type {@code pitr} (first: its
 * end is the newest point one can restore to). {@code inserted_at} comes as RFC 3339 or as
 * {@code "YYYY-MM-DD HH:MM:SS"} (UTC); both are read.
 */
final class SupabaseBackupList {
    /** {@code 2026-02-08 16:44:07} or {@code 2026-02-08T16:44:07.123}, no offset: UTC. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private SupabaseBackupList() {}

    static List<SourceBackup> read(String profile, String projectRef, JsonNode root) throws ActivityException {
        if (!root.isObject() || !root.path("backups").isArray()) {
            throw new ActivityException(
                    FailureType.SOURCE_UNAVAILABLE,
                    "unable to read the backups of Supabase project '" + projectRef
                            + "': the answer has no \"backups\" list",
                    false,
                    null);
        }
        String region = root.path("region").asText("");
        List<SourceBackup> daily = new ArrayList<>();
        for (JsonNode b : root.path("backups")) {
            String id = b.path("id").asText("");
            String status = b.path("status").asText("").toUpperCase(Locale.ROOT);
            daily.add(new SourceBackup(
                    id,
                    profile,
                    "supabase",
                    b.path("is_physical_backup").asBoolean(false) ? "physical" : "logical",
                    status,
                    insertedAt(projectRef, id, b.path("inserted_at").asText("")),
                    Optional.empty(),
                    0,
                    detail(meaning(status), region)));
        }
        daily.sort(Comparator.comparing(SourceBackup::startedAt).reversed());
        List<SourceBackup> all = new ArrayList<>();
        if (root.path("pitr_enabled").asBoolean(false)) {
            all.add(pitr(profile, root.path("physical_backup_data")));
        }
        all.addAll(daily);
        return all;
    }

    /** The restorable window; its bounds are 0 (or absent) until Supabase has one. */
    private static SourceBackup pitr(String profile, JsonNode window) {
        long earliest = window.path("earliest_physical_backup_date_unix").asLong(0);
        long latest = window.path("latest_physical_backup_date_unix").asLong(0);
        boolean known = earliest > 0 && latest > 0;
        return new SourceBackup(
                "pitr",
                profile,
                "supabase",
                "pitr",
                known ? "AVAILABLE" : "PENDING",
                Instant.ofEpochSecond(earliest),
                known ? Optional.of(Instant.ofEpochSecond(latest)) : Optional.empty(),
                0,
                known
                        ? "point-in-time recovery to any second from " + Instant.ofEpochSecond(earliest) + " to "
                                + Instant.ofEpochSecond(latest)
                        : "point-in-time recovery is enabled; Supabase reports no window yet");
    }

    private static String detail(String meaning, String region) {
        String where = region.isEmpty() ? "" : "region " + region;
        return meaning.isEmpty() || where.isEmpty() ? meaning + where : meaning + ", " + where;
    }

    /** What a status means for a restore, in the operator's words. */
    private static String meaning(String status) {
        return switch (status) {
            case "COMPLETED" -> "";
            case "PENDING" -> "in progress";
            case "FAILED" -> "failed on Supabase: not restorable";
            case "REMOVED" -> "removed by Supabase's retention: not restorable";
            case "ARCHIVED" -> "archived";
            case "CANCELLED" -> "cancelled: not restorable";
            default -> "status unknown to pgdrill";
        };
    }

    static Instant insertedAt(String projectRef, String id, String text) throws ActivityException {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException rfc3339) {
            try {
                return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException plain) {
                throw new ActivityException(
                        FailureType.SOURCE_UNAVAILABLE,
                        "unable to read backup " + id + " of Supabase project '" + projectRef + "': inserted_at \"" + t
                                + "\" is neither RFC 3339 nor YYYY-MM-DD HH:MM:SS",
                        false,
                        null);
            }
        }
    }
}

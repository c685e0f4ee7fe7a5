package dev.pgdrill.activities.source.pgbackrest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.Json;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pgbackrest info --output=json}: the stanza's status and its backup sets. The shape is pgBackRest's
 * documented contract (src/command/info/info.c): an array of stanzas, each with {@code status.code} and a
 * {@code backup} array whose entries carry label, type, prior, timestamp, archive, info sizes and error.
 */
public final class PgBackRestInfo {
    /** pgBackRest's stanza status codes (INFO_STANZA_STATUS_CODE_*), as an operator should read them. */
    static final Map<Integer, String> STATUS = Map.of(
            1, "the stanza's path is missing from the repository: was stanza-create run, and is the repository right?",
            2, "the stanza has no valid backup yet",
            3, "the stanza's data is missing from the repository (archive.info or backup.info)",
            4, "the repositories disagree (mixed status across repos)",
            5, "the database differs across repositories (system-id or version mismatch)",
            6, "the requested backup set was not found",
            99, "pgBackRest reports another error");

    /**
     * One backup set as pgdrill needs it beyond the listing: where its WAL starts and stops, so a restore
     * knows which segments must be in the archive.
     */
    public record BackupSet(SourceBackup listing, String walStart, String walStop, String prior) {}

    private PgBackRestInfo() {}

    /** The sets of {@code stanza} in {@code json}, newest first; a stanza that is not ok is an error naming why. */
    public static List<BackupSet> parse(String json, String profile, String stanza) throws ActivityException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ActivityException.permanent(
                    FailureType.TOOL,
                    "unable to read pgbackrest info of stanza '" + stanza + "': " + e.getOriginalMessage());
        }
        JsonNode s = null;
        for (JsonNode n : root) {
            if (stanza.equals(n.path("name").asText())) {
                s = n;
            }
        }
        if (s == null) {
            throw ActivityException.permanent(
                    FailureType.CONFIGURATION,
                    "unable to list the backups of '" + profile + "': pgbackrest info has no stanza '" + stanza + "'");
        }
        int code = s.path("status").path("code").asInt(99);
        List<BackupSet> sets = new ArrayList<>();
        for (JsonNode b : s.path("backup")) {
            sets.add(set(b, profile));
        }
        if (code != 0 && !(code == 2 && sets.isEmpty())) {
            String message = s.path("status").path("message").asText("");
            throw ActivityException.permanent(
                    code == 1 || code == 3 ? FailureType.CONFIGURATION : FailureType.REPOSITORY,
                    "unable to list the backups of '" + profile + "': stanza '" + stanza + "' has status " + code + " ("
                            + message + "): " + STATUS.getOrDefault(code, STATUS.get(99)));
        }
        sets.sort(Comparator.comparing((BackupSet b) -> b.listing().startedAt()).reversed());
        return List.copyOf(sets);
    }

    private static BackupSet set(JsonNode b, String profile) {
        String label = b.path("label").asText();
        long stop = b.path("timestamp").path("stop").asLong(0);
        String prior = b.path("prior").isTextual() ? b.path("prior").asText() : "";
        boolean error = b.path("error").asBoolean(false);
        String detail = (prior.isEmpty() ? "" : "prior " + prior)
                + (error
                        ? (prior.isEmpty() ? "" : "; ")
                                + "pgBackRest reported errors while taking it (e.g. page checksum errors)"
                        : "");
        SourceBackup listing = new SourceBackup(
                label,
                profile,
                "pgbackrest",
                b.path("type").asText(),
                error ? "ERROR" : "COMPLETED",
                Instant.ofEpochSecond(b.path("timestamp").path("start").asLong(0)),
                stop == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(stop)),
                b.path("info").path("size").asLong(0),
                detail);
        return new BackupSet(
                listing,
                b.path("archive").path("start").asText(""),
                b.path("archive").path("stop").asText(""),
                prior);
    }
}

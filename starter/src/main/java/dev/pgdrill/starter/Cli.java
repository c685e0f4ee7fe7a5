package dev.pgdrill.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pgdrill.core.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Shared output helpers of the CLI commands. */
final class Cli {
    static final ObjectMapper JSON = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);
    /** One JSON object per line, for {@code --watch --json} (JSON Lines). */
    static final ObjectMapper JSON_LINE = Json.MAPPER;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Cli() {}

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** "4 hours ago" / "in 20 hours", like the seed's dashboard. */
    static String relative(Instant t, Instant now) {
        Duration d = Duration.between(now, t);
        boolean future = !d.isNegative();
        d = d.abs();
        String amount = d.toDays() >= 2
                ? d.toDays() + " days"
                : d.toHours() >= 2
                        ? d.toHours() + " hours"
                        : d.toMinutes() >= 2 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
        return future ? "in " + amount : amount + " ago";
    }

    /** Who is at the keyboard, for the audit trail. */
    static String operator() {
        return System.getProperty("user.name", "operator");
    }
}

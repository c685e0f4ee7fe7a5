package dev.pgdrill.worker.web;

import dev.pgdrill.workflows.monitor.Human;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Text into HTML, and times and durations as the page writes them. */
final class Html {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Html() {}

    static String time(Instant t) {
        return Instant.EPOCH.equals(t) ? "never" : TIME.format(t);
    }

    static String duration(long seconds) {
        return Human.duration(Duration.ofSeconds(seconds));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}

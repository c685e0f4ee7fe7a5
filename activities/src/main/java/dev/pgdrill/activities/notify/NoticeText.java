package dev.pgdrill.activities.notify;

import dev.pgdrill.workflows.notify.Notification;
import dev.pgdrill.workflows.notify.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A notice as words, shared by the channels: subject, plain-text lines, HTML. */
final class NoticeText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private NoticeText() {}

    static String severity(Notification n) {
        return n.severity().name();
    }

    static String mark(Severity s) {
        return switch (s) {
            case CRITICAL -> "\uD83D\uDD34"; // red circle
            case WARNING -> "\uD83D\uDFE0"; // orange circle
            case INFO -> "\u2139\uFE0F"; // information
        };
    }

    static String since(Instant t) {
        return Instant.EPOCH.equals(t) ? "unknown" : TIME.format(t);
    }

    static String subject(Notification n) {
        return "[pgdrill " + severity(n) + "] " + n.title();
    }

    /** The plain-text body: what, since when, the next step, details, links. */
    static List<String> lines(Notification n) {
        List<String> out = new ArrayList<>();
        out.add(severity(n) + ": " + n.title());
        out.add("");
        out.add(n.message());
        out.add("");
        out.add("Since: " + since(n.since()));
        if (!n.hint().isEmpty()) {
            out.add("Next step: " + n.hint());
        }
        n.details().forEach(d -> out.add("- " + d));
        if (!n.runUrl().isEmpty()) {
            out.add("Temporal UI: " + n.runUrl());
        }
        if (!n.dashboardUrl().isEmpty()) {
            out.add("Dashboard: " + n.dashboardUrl());
        }
        out.add("(" + n.kind() + ", " + n.key() + ")");
        return out;
    }

    static String html(Notification n) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        b.append("<h2>")
                .append(mark(n.severity()))
                .append(' ')
                .append(escape(severity(n) + ": " + n.title()))
                .append("</h2>");
        b.append("<p>").append(escape(n.message())).append("</p>");
        b.append("<p><b>Since:</b> ").append(escape(since(n.since()))).append("</p>");
        if (!n.hint().isEmpty()) {
            b.append("<p><b>Next step:</b> <code>").append(escape(n.hint())).append("</code></p>");
        }
        if (!n.details().isEmpty()) {
            b.append("<ul>");
            n.details().forEach(d -> b.append("<li>").append(escape(d)).append("</li>"));
            b.append("</ul>");
        }
        link(b, n.runUrl(), "Temporal UI run");
        link(b, n.dashboardUrl(), "Dashboard");
        b.append("<p style=\"color:#777\">")
                .append(escape(n.kind() + ", " + n.key()))
                .append("</p></body></html>");
        return b.toString();
    }

    private static void link(StringBuilder b, String url, String text) {
        if (!url.isEmpty()) {
            b.append("<p><a href=\"")
                    .append(escape(url))
                    .append("\">")
                    .append(text)
                    .append("</a></p>");
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

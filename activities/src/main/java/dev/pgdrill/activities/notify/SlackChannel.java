package dev.pgdrill.activities.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.workflows.notify.Notification;
import java.util.Map;

/** A Slack incoming webhook: one Block Kit message per notice. */
final class SlackChannel implements NoticeChannel {
    /** Slack's limits: a header's text, a section's text. */
    private static final int HEADER_CHARS = 150;

    private static final int SECTION_CHARS = 3000;

    private final Secret url;
    private final HttpPost http;

    SlackChannel(Secret url, HttpPost http) {
        this.url = url;
        this.http = http;
    }

    @Override
    public String send(Notification n) throws ActivityException {
        return http.post("slack", url, blocks(n).toString(), Map.of());
    }

    /** Header (severity and what), the message, severity and since, the next step, details, links. */
    static ObjectNode blocks(Notification n) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("text", NoticeText.subject(n)); // the notification's text where blocks are not shown
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put(
                        "text",
                        cut(
                                NoticeText.mark(n.severity()) + " " + NoticeText.severity(n) + ": " + n.title(),
                                HEADER_CHARS));
        section(blocks, escape(n.message()));
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        fields.addObject().put("type", "mrkdwn").put("text", "*Severity*\n" + NoticeText.severity(n));
        fields.addObject().put("type", "mrkdwn").put("text", "*Since*\n" + NoticeText.since(n.since()));
        if (!n.hint().isEmpty()) {
            section(blocks, "*Next step*\n`" + escape(n.hint()) + "`");
        }
        if (!n.details().isEmpty()) {
            section(blocks, "• " + escape(String.join("\n• ", n.details())));
        }
        StringBuilder links = new StringBuilder();
        if (!n.runUrl().isEmpty()) {
            links.append('<').append(n.runUrl()).append("|Temporal UI run> · ");
        }
        if (!n.dashboardUrl().isEmpty()) {
            links.append('<').append(n.dashboardUrl()).append("|Dashboard> · ");
        }
        links.append(escape(n.kind() + " · " + n.key()));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", links.toString());
        return root;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", cut(mrkdwn, SECTION_CHARS));
    }

    /** Slack's mrkdwn reads &, < and > as markup. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

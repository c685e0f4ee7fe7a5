package dev.pgdrill.workflows.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which channels a run notifies, copied from the configuration into its request when it starts (names and
 * severities only: the channels' URLs, passwords and secrets stay in the worker's configuration).
 *
 * @param temporalUiUrl the Temporal Web UI's base URL ({@code temporal.uiUrl}), or empty: no run links
 * @param namespace     the Temporal namespace, for the run links
 * @param dashboardUrl  the dashboard's address people open ({@code dashboard.url}), or empty
 */
public record AlertRouting(List<ChannelRoute> channels, String temporalUiUrl, String namespace, String dashboardUrl) {
    /** No channel: nothing is sent (and, for runs recorded before notifications existed, nothing is scheduled). */
    public static final AlertRouting NONE = new AlertRouting(List.of(), "", "default", "");

    public AlertRouting {
        channels = channels == null ? List.of() : List.copyOf(channels);
        temporalUiUrl = temporalUiUrl == null ? "" : temporalUiUrl;
        namespace = namespace == null ? "default" : namespace;
        dashboardUrl = dashboardUrl == null ? "" : dashboardUrl;
    }

    /** A request recorded before it had routing reads as no routing. */
    public static AlertRouting orNone(AlertRouting routing) {
        return routing == null ? NONE : routing;
    }

    /** Not a bean getter: records travel as JSON, and a derived property would not read back. */
    public boolean noChannels() {
        return channels.isEmpty();
    }

    /** The channels that take a notice of {@code severity}. */
    public List<Channel> channelsFor(Severity severity) {
        return channels.stream()
                .filter(r -> severity.atLeast(r.minSeverity()))
                .map(ChannelRoute::channel)
                .toList();
    }

    /** The Temporal UI page of a workflow, or empty without {@code temporal.uiUrl}. */
    public String runUrl(String workflowId) {
        if (temporalUiUrl.isEmpty() || workflowId.isEmpty()) {
            return "";
        }
        String base =
                temporalUiUrl.endsWith("/") ? temporalUiUrl.substring(0, temporalUiUrl.length() - 1) : temporalUiUrl;
        return base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

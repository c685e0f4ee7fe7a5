package dev.pgdrill.core.config;

import dev.pgdrill.workflows.notify.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code alerts:} section: Slack, email and webhook channels. Every URL, password and shared secret is a
 * {@code ${ENV}} reference (a Slack webhook URL is as good as a password), and no message here ever shows one.
 */
final class AlertsSection {
    private AlertsSection() {}

    static AlertChannels alerts(YamlObject top, YamlFields f) {
        Optional<YamlObject> a = top.object("alerts", "slack", "email", "webhook");
        return new AlertChannels(
                a.flatMap(o -> o.object("slack", "webhookUrl", "minSeverity")).map(s -> slack(s, f)),
                a.flatMap(o -> o.object(
                                "email", "host", "port", "tls", "username", "password", "from", "to", "minSeverity"))
                        .map(e -> email(e, f)),
                a.flatMap(o -> o.object("webhook", "url", "secret", "minSeverity"))
                        .map(w -> webhook(w, f)));
    }

    private static AlertChannels.Slack slack(YamlObject o, YamlFields f) {
        return new AlertChannels.Slack(url(o, f, "webhookUrl"), severity(o, f));
    }

    private static AlertChannels.Webhook webhook(YamlObject o, YamlFields f) {
        Secret url = url(o, f, "url");
        Secret secret = o.secret("secret").orElseGet(() -> {
            if (!o.has("secret")) {
                f.problem(
                        o.at("secret"),
                        "required: the shared secret the HMAC-SHA256 signature is made with," + " as ${ENV}");
            }
            return new Secret("", "");
        });
        return new AlertChannels.Webhook(url, secret, severity(o, f));
    }

    private static AlertChannels.Email email(YamlObject o, YamlFields f) {
        String host = o.required("host", "the SMTP server's host name");
        AlertChannels.EmailTls tls = tls(o, f);
        int port = o.integer("port", tls.defaultPort(), 1, 65535);
        Optional<String> username = o.optString("username");
        Optional<Secret> password = o.secret("password");
        if (password.isPresent() && username.isEmpty()) {
            f.problem(o.at("password"), "a password needs a username");
        }
        String from = o.required("from", "the sender address, e.g. pgdrill@example.com");
        if (!from.isEmpty() && !from.contains("@")) {
            f.problem(o.at("from"), "expected an email address, got \"" + from + "\"");
        }
        List<String> to = o.stringList("to");
        if (to.isEmpty() && !o.has("to")) {
            f.problem(o.at("to"), "required: the recipients, e.g. [ops@example.com]");
        }
        for (int i = 0; i < to.size(); i++) {
            if (!to.get(i).contains("@")) {
                f.problem(o.at("to") + "[" + i + "]", "expected an email address, got \"" + to.get(i) + "\"");
            }
        }
        return new AlertChannels.Email(host, port, tls, username, password, from, to, severity(o, f));
    }

    /** A URL that is a secret: given by ${ENV}, checked to be http(s) without ever being printed. */
    private static Secret url(YamlObject o, YamlFields f, String key) {
        if (!o.has(key)) {
            f.problem(o.at(key), "required: the URL, as an ${ENV} reference (a webhook URL is a secret)");
            return new Secret("", "");
        }
        Secret s = o.secret(key).orElse(new Secret("", ""));
        if (!s.reveal().isEmpty() && !s.reveal().matches("https?://\\S+")) {
            f.problem(o.at(key), "expected an http:// or https:// URL in " + s.reference());
        }
        return s;
    }

    private static AlertChannels.EmailTls tls(YamlObject o, YamlFields f) {
        String text = o.string("tls", "starttls");
        try {
            // YAML reads an unquoted none/off as text, but an unquoted "false" as a boolean: both mean none.
            return text.equals("false")
                    ? AlertChannels.EmailTls.NONE
                    : AlertChannels.EmailTls.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            f.problem(o.at("tls"), "expected starttls, tls or none, got \"" + text + "\"");
            return AlertChannels.EmailTls.STARTTLS;
        }
    }

    /** {@code minSeverity}: info, warning (default) or critical. */
    static Severity severity(YamlObject o, YamlFields f) {
        String text = o.string("minSeverity", "warning");
        try {
            return Severity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            f.problem(o.at("minSeverity"), "expected info, warning or critical, got \"" + text + "\"");
            return Severity.WARNING;
        }
    }
}

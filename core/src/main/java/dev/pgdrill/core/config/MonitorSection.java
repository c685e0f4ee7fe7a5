package dev.pgdrill.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code monitor:} and {@code dashboard:} sections: what counts as healthy, and where it is shown. */
final class MonitorSection {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.\\-]+):(\\d{1,5})");
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");
    private static final String DEFAULT_LISTEN = "127.0.0.1:9464";

    private MonitorSection() {}

    static PgdrillConfig.Monitor monitor(YamlObject top, YamlFields f) {
        Optional<YamlObject> m = top.object(
                "monitor",
                "schedule",
                "maxBackupAge",
                "sizeChangePercent",
                "maxDrillAge",
                "minFreeBytes",
                "renotifyAfter");
        return new PgdrillConfig.Monitor(
                m.map(o -> RunSections.cron(f, o, "schedule", "0 * * * *")).orElse("0 * * * *"),
                m.map(o -> o.duration("maxBackupAge", Duration.ofHours(26))).orElse(Duration.ofHours(26)),
                m.map(o -> o.integer("sizeChangePercent", 20, 1, 1000)).orElse(20),
                m.map(o -> o.duration("maxDrillAge", Duration.ofDays(35))).orElse(Duration.ofDays(35)),
                m.map(o -> bytes(o, f, "minFreeBytes", 1L << 30)).orElse(1L << 30),
                m.map(o -> o.duration("renotifyAfter", Duration.ofHours(24))).orElse(Duration.ofHours(24)));
    }

    static PgdrillConfig.Dashboard dashboard(YamlObject top, YamlFields f) {
        Optional<YamlObject> d = top.object("dashboard", "listen", "token", "url", "window", "metrics", "targets");
        String listen = d.map(o -> listen(o, f)).orElse(DEFAULT_LISTEN);
        Optional<Secret> token = d.flatMap(o -> o.secret("token"));
        if (!listen.isEmpty() && token.isEmpty() && LOOPBACK.stream().noneMatch(h -> listen.startsWith(h + ":"))) {
            f.problem(
                    "dashboard.token",
                    "required when dashboard.listen (" + listen + ") is not a loopback address: a bearer token"
                            + " as ${ENV}, which every request but /healthz must carry");
        }
        String url = d.map(o -> o.string("url", "")).orElse("");
        if (!url.isEmpty() && !url.matches("https?://\\S+")) {
            f.problem("dashboard.url", "expected an http:// or https:// URL, got \"" + url + "\"");
        }
        List<PgdrillConfig.Metric> metrics = d.map(o -> ChecksSection.namedSql(
                        o,
                        f,
                        "metrics",
                        "what the number is, e.g. Organizations",
                        "a query returning one row: a number, or a number and a text",
                        PgdrillConfig.Metric::new))
                .orElse(List.of());
        return new PgdrillConfig.Dashboard(
                listen,
                token,
                url,
                d.map(o -> o.duration("window", Duration.ofDays(30))).orElse(Duration.ofDays(30)),
                metrics,
                targets(d, f));
    }

    private static PgdrillConfig.Targets targets(Optional<YamlObject> dashboard, YamlFields f) {
        Optional<YamlObject> t = dashboard.flatMap(o -> o.object(
                "targets",
                "backupSuccessRate",
                "backupDuration",
                "restoreTestSuccess",
                "rto",
                "rpo",
                "drillCompletion"));
        return new PgdrillConfig.Targets(
                t.map(o -> o.integer("backupSuccessRate", 100, 0, 100)).orElse(100),
                t.map(o -> o.duration("backupDuration", Duration.ofMinutes(10))).orElse(Duration.ofMinutes(10)),
                t.map(o -> o.integer("restoreTestSuccess", 100, 0, 100)).orElse(100),
                t.map(o -> o.duration("rto", Duration.ofHours(2))).orElse(Duration.ofHours(2)),
                t.map(o -> o.duration("rpo", Duration.ofHours(24))).orElse(Duration.ofHours(24)),
                t.map(o -> o.integer("drillCompletion", 100, 0, 100)).orElse(100));
    }

    /** host:port, or off (no server). */
    private static String listen(YamlObject o, YamlFields f) {
        String text = o.string("listen", DEFAULT_LISTEN).trim();
        if (text.equals("off") || text.equals("false")) {
            return "";
        }
        Matcher m = LISTEN.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            f.problem(o.at("listen"), "expected host:port such as 127.0.0.1:9464, or off, got \"" + text + "\"");
            return DEFAULT_LISTEN;
        }
        return text;
    }

    /** {@code 1073741824}, {@code 10GiB}, {@code 500MB}; 0 turns the check off. */
    private static long bytes(YamlObject o, YamlFields f, String key, long fallback) {
        Optional<String> text = o.optString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(text.get().trim());
        if (m.matches() && m.group(1).length() <= 15) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2);
            int power = "BKMGT".indexOf(unit.toUpperCase(Locale.ROOT).charAt(0));
            return n * (long) Math.pow(unit.contains("i") ? 1024 : 1000, power);
        }
        f.problem(o.at(key), "expected a size such as 10GiB, 500MB or a number of bytes, got \"" + text.get() + "\"");
        return fallback;
    }
}

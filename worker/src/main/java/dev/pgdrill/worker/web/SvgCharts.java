package dev.pgdrill.worker.web;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.workflows.monitor.Human;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Bar charts as inline SVG: the page needs no script and no external asset. */
final class SvgCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 160;
    private static final int PAD = 28;

    record Bar(String label, double value, String color) {}

    private SvgCharts() {}

    static String bars(String id, String title, List<Bar> bars, DoubleFunction<String> format) {
        StringBuilder b = new StringBuilder();
        b.append("<figure class=\"chart\"><figcaption>")
                .append(Html.escape(title))
                .append("</figcaption><svg id=\"")
                .append(id)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title))
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"100%\">");
        if (bars.isEmpty()) {
            b.append("<text x=\"10\" y=\"80\" fill=\"#777\">no data yet</text></svg></figure>");
            return b.toString();
        }
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        max = max <= 0 ? 1 : max;
        double slot = (WIDTH - 2.0 * PAD) / bars.size();
        double w = Math.min(40, Math.max(2, slot * 0.7));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double h = (HEIGHT - 2.0 * PAD) * bar.value() / max;
            double x = PAD + i * slot + (slot - w) / 2;
            double y = HEIGHT - PAD - h;
            b.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>",
                    x,
                    y,
                    w,
                    h,
                    bar.color(),
                    Html.escape(bar.label()),
                    Html.escape(format.apply(bar.value()))));
        }
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">max %s</text>",
                PAD,
                PAD - 8,
                Html.escape(format.apply(max))));
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s</text>",
                PAD,
                HEIGHT - 8,
                Html.escape(bars.get(0).label())));
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">%s</text>",
                WIDTH - PAD,
                HEIGHT - 8,
                Html.escape(bars.get(bars.size() - 1).label())));
        return b.append("</svg></figure>").toString();
    }

    /** Backup size and duration per day over the window, and each drill's restore time. */
    static void history(StringBuilder b, Dashboard d) {
        b.append("<section id=\"charts\"><h2>History</h2>");
        List<Dashboard.BackupPoint> backups = d.charts().backups();
        b.append(SvgCharts.bars(
                "chart-backup-size",
                "Backup size per day",
                backups.stream()
                        .map(p -> new SvgCharts.Bar(p.date().toString(), p.sizeBytes(), "#0969da"))
                        .toList(),
                v -> Human.bytes((long) v)));
        b.append(SvgCharts.bars(
                "chart-backup-duration",
                "Backup duration per day",
                backups.stream()
                        .map(p -> new SvgCharts.Bar(p.date().toString(), p.durationSeconds(), "#8250df"))
                        .toList(),
                v -> Html.duration((long) v)));
        b.append(SvgCharts.bars(
                "chart-drill-restore",
                "Drill restore time (RTO)",
                d.charts().drills().stream()
                        .map(p -> new SvgCharts.Bar(
                                p.at().toString().substring(0, 10),
                                p.restoreSeconds(),
                                p.verdict().equals("PASS") ? "#1a7f37" : "#cf222e"))
                        .toList(),
                v -> Html.duration((long) v)));
        b.append("</section>");
    }
}

package dev.pgdrill.workflows.monitor;

import java.time.Duration;
import java.util.Locale;

/** Sizes and ages as people read them, in messages and on the dashboard. Pure: safe in workflow code. */
public final class Human {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Human() {}

    /** 1536 → "1.5 KiB". */
    public static String bytes(long bytes) {
        int unit = 0;
        double v = bytes;
        for (; v >= 1024 && unit < UNITS.length - 1; unit++) {
            v /= 1024;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** The two largest units: "2d 3h", "26h", "45m", "12s". */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 2 * 86_400) {
            long h = (s % 86_400) / 3600;
            return s / 86_400 + "d" + (h == 0 ? "" : " " + h + "h");
        }
        if (s >= 3600) {
            long m = (s % 3600) / 60;
            return s / 3600 + "h" + (m == 0 ? "" : " " + m + "m");
        }
        return s >= 60 ? s / 60 + "m" : s + "s";
    }
}

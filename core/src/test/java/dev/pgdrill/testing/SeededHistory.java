package dev.pgdrill.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Five weeks of daily backups and two drills, the history the dashboard's tests read: one backup a day, the
 * newest at {@code newest}, growing 1 MiB a day to 150 MiB, 5 minutes each except a 12-minute one ten days back,
 * a FAILED one three days back; drills 43 and 7 days before the newest backup, an hour after it (10 and 12
 * minutes to restore, the second with critical metrics). From {@link #NEWEST}: 2025-12-05 and 2026-01-10.
 */
public final class SeededHistory {
    /** The dashboard's "now". */
    public static final Instant NOW = Instant.parse("2026-01-17T07:00:00Z");

    /** The newest backup when the dashboard's "now" is {@link #NOW}. */
    public static final Instant NEWEST = Instant.parse("2026-01-17T03:00:00Z");

    public static final long MIB = 1L << 20;

    private SeededHistory() {}

    public static void seed(PostgresCluster pg, String catalogDatabase, Instant newest) {
        CatalogSeed seed = new CatalogSeed(pg, catalogDatabase);
        Instant today = newest;
        for (int d = 0; d < 35; d++) {
            Instant at = today.minus(Duration.ofDays(d));
            String id = "b" + String.format("%02d", d);
            if (d == 3) {
                seed.backup(id, "production", "FAILED", at, Duration.ofMinutes(1), 0);
            } else {
                seed.backup(id, "production", "COMPLETED", at, Duration.ofMinutes(d == 10 ? 12 : 5), (150 - d) * MIB);
            }
        }
        seed.drill(
                        "drill-dec",
                        "production",
                        "b20",
                        "PASS",
                        newest.minus(Duration.ofDays(43)).plus(Duration.ofHours(1)),
                        600_000,
                        List.of(),
                        List.of("Organizations=2"))
                .drill(
                        "drill-jan",
                        "production",
                        "b06",
                        "PASS",
                        newest.minus(Duration.ofDays(7)).plus(Duration.ofHours(1)),
                        720_000,
                        List.of(),
                        List.of("Organizations=3", "Projects=47|EUR 1410000.00 total value", "Users=12"));
    }
}

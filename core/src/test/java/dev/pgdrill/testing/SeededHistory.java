package dev.pgdrill.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Five weeks of daily backups and two drills, the history the dashboard's tests read: backups at 03:00 UTC
 * growing 1 MiB a day to 150 MiB, 5 minutes each except a 12-minute one ten days back, a FAILED one three
 * days back; drills on 2025-12-05 (10 minutes) and 2026-01-10 (12 minutes, with critical metrics).
 */
public final class SeededHistory {
    /** The dashboard's "now". */
    public static final Instant NOW = Instant.parse("2026-01-17T07:00:00Z");

    public static final long MIB = 1L << 20;

    private SeededHistory() {}

    public static void seed(PostgresCluster pg, String catalogDatabase) {
        CatalogSeed seed = new CatalogSeed(pg, catalogDatabase);
        Instant today = Instant.parse("2026-01-17T03:00:00Z");
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
                        Instant.parse("2025-12-05T04:00:00Z"),
                        600_000,
                        List.of(),
                        List.of("Organizations=2"))
                .drill(
                        "drill-jan",
                        "production",
                        "b06",
                        "PASS",
                        Instant.parse("2026-01-10T04:00:00Z"),
                        720_000,
                        List.of(),
                        List.of("Organizations=3", "Projects=47|EUR 1410000.00 total value", "Users=12"));
    }
}

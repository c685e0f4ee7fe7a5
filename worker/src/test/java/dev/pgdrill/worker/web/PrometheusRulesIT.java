package dev.pgdrill.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/prometheus/pgdrill-rules.yml is valid and fires where its tests say (promtool, from Debian's prometheus
 * package), every metric it names is one the worker serves, and what the worker serves passes promtool's lint.
 */
@ExtendWith(PostgresExtension.class)
class PrometheusRulesIT {
    private static final Path DOCS =
            Path.of("..", "docs", "prometheus").toAbsolutePath().normalize();

    private final PostgresCluster pg;

    @TempDir
    Path dir;

    PrometheusRulesIT(PostgresCluster pg) {
        this.pg = pg;
    }

    record Run(int exit, String output) {}

    private static Run promtool(Path stdin, String... args) throws IOException, InterruptedException {
        String bin = System.getenv().getOrDefault("PGDRILL_PROMTOOL", "promtool");
        List<String> cmd = new ArrayList<>(List.of(bin));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(DOCS.toFile()).redirectErrorStream(true);
        pb.redirectInput(
                stdin == null
                        ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "promtool not found (" + e.getMessage() + "): install Debian's prometheus"
                            + " package (scripts/install-prereqs does), or set PGDRILL_PROMTOOL",
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theRulesAreValidAndFireWhereTheirTestsSay() throws Exception {
        Run check = promtool(null, "check", "rules", "pgdrill-rules.yml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 5 rules found");
        Run test = promtool(null, "test", "rules", "pgdrill-rules.test.yml");
        assertThat(test.exit()).as(test.output()).isZero();
    }

    @Test
    void theRulesNameOnlyMetricsTheWorkerServesAndThoseFollowPrometheusConventions() throws Exception {
        String metrics;
        try (ServedDashboard served = new ServedDashboard(pg, dir)) {
            metrics = served.get("/metrics").body();
        }
        String rules = Files.readString(DOCS.resolve("pgdrill-rules.yml"));
        for (String name : List.of(
                "pgdrill_last_backup_age_seconds",
                "pgdrill_last_backup_success",
                "pgdrill_last_backup_timestamp_seconds",
                "pgdrill_last_drill_age_seconds",
                "pgdrill_last_drill_success",
                "pgdrill_last_drill_timestamp_seconds")) {
            assertThat(rules).contains(name);
            assertThat(metrics).as(name).contains("# TYPE " + name + " gauge");
        }
        Path scraped = Files.writeString(dir.resolve("metrics.txt"), metrics);
        Run lint = promtool(scraped, "check", "metrics");
        assertThat(lint.output()).as("promtool check metrics").doesNotContain("pgdrill_");
    }
}

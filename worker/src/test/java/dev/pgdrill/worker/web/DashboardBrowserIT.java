package dev.pgdrill.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.core.Json;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.workflows.monitor.Human;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless through chromium-driver, opens the worker's dashboard page (typing the token as
 * HTTP Basic credentials), and every number it shows is the one /api/status gives; a screenshot goes to
 * target/dashboard.png.
 */
@ExtendWith(PostgresExtension.class)
class DashboardBrowserIT {
    private static final String CHROMIUM = System.getenv().getOrDefault("PGDRILL_CHROMIUM", "/usr/bin/chromium");
    private static final String DRIVER = System.getenv().getOrDefault("PGDRILL_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final PostgresCluster pg;

    @TempDir
    Path dir;

    DashboardBrowserIT(PostgresCluster pg) {
        this.pg = pg;
    }

    private WebDriver chromium(Path profile) {
        for (String f : List.of(CHROMIUM, DRIVER)) {
            assertThat(new File(f))
                    .as(f + " (Debian packages chromium and chromium-driver; scripts/install-prereqs installs them)")
                    .canRead();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,2600",
                "--user-data-dir=" + profile);
        // The driver is named, so Selenium never looks for (or downloads) one of its own.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @Test
    void thePageShowsWhatTheApiSaysAndIsPhotographed() throws Exception {
        try (ServedDashboard served = new ServedDashboard(pg, dir)) {
            JsonNode api = Json.MAPPER.readTree(served.get("/api/status").body());
            WebDriver browser = chromium(Files.createDirectories(dir.resolve("chromium-profile")));
            try {
                browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
                browser.get(served.url("/").replace("http://", "http://ops:" + ServedDashboard.TOKEN + "@"));
                assertThat(browser.getTitle()).isEqualTo("pgdrill: backup health");

                WebElement last = browser.findElement(By.id("last-backup"));
                JsonNode lastBackup = api.get("lastBackup");
                assertThat(last.getDomAttribute("data-backup-id"))
                        .isEqualTo(lastBackup.get("backupId").asText());
                assertThat(last.getDomAttribute("data-size-bytes"))
                        .isEqualTo(lastBackup.get("sizeBytes").asText());
                assertThat(last.getText())
                        .contains(Human.bytes(lastBackup.get("sizeBytes").asLong()));
                assertThat(browser.findElement(By.id("average-size")).getText())
                        .isEqualTo(Human.bytes(api.get("averageSizeBytes").asLong()));
                assertThat(browser.findElement(By.id("data-protected")).getDomAttribute("data-bytes"))
                        .isEqualTo(api.get("dataProtectedBytes").asText());

                List<WebElement> days = browser.findElements(By.cssSelector("#history tr[data-date]"));
                assertThat(days).hasSize(api.get("history").size());
                for (int i = 0; i < days.size(); i++) {
                    JsonNode day = api.get("history").get(i);
                    assertThat(days.get(i).getDomAttribute("data-date"))
                            .isEqualTo(day.get("date").asText());
                    assertThat(days.get(i).findElement(By.className("status")).getText())
                            .isEqualTo(day.get("status").asText());
                }

                WebElement drill = browser.findElement(By.id("last-drill"));
                assertThat(drill.getDomAttribute("data-drill-id"))
                        .isEqualTo(api.get("lastDrill").get("drillId").asText());
                assertThat(drill.getDomAttribute("data-restore-seconds"))
                        .isEqualTo(api.get("lastDrill").get("restoreSeconds").asText());
                assertThat(browser.findElement(By.id("last-drill-run")).getDomAttribute("href"))
                        .isEqualTo(api.get("lastDrill").get("runUrl").asText());
                for (JsonNode m : api.get("criticalMetrics")) {
                    WebElement row = browser.findElement(By.cssSelector(
                            "#critical-metrics tr[data-metric='" + m.get("name").asText() + "']"));
                    assertThat(row.findElement(By.className("value")).getText())
                            .isEqualTo(m.get("value").asText());
                }
                assertThat(browser.findElement(By.id("rpo")).getDomAttribute("data-current-seconds"))
                        .isEqualTo(api.get("rpo").get("currentSeconds").asText());
                assertThat(browser.findElement(By.id("rto")).getDomAttribute("data-current-seconds"))
                        .isEqualTo(api.get("rto").get("currentSeconds").asText());
                assertThat(browser.findElement(By.id("alerts-critical")).getText())
                        .isEqualTo(api.get("alerts").get("critical").asText());
                assertThat(browser.findElement(By.id("alerts-open")).getText())
                        .isEqualTo(api.get("alerts").get("open").asText());

                List<WebElement> rows = browser.findElements(By.cssSelector("#success-metrics tr[data-metric]"));
                assertThat(rows).hasSize(6);
                for (JsonNode m : api.get("successMetrics")) {
                    WebElement row = browser.findElement(By.cssSelector(
                            "#success-metrics tr[data-metric='" + m.get("name").asText() + "']"));
                    assertThat(row.findElement(By.className("target")).getText())
                            .isEqualTo(m.get("target").asText());
                    assertThat(row.findElement(By.className("current")).getText())
                            .isEqualTo(m.get("current").asText());
                    assertThat(row.findElement(By.className("status")).getText())
                            .isEqualTo(m.get("status").asText());
                }
                assertThat(browser.findElements(By.cssSelector("#chart-backup-size rect")))
                        .hasSize(api.get("charts").get("backups").size());
                assertThat(browser.findElements(By.cssSelector("#chart-drill-restore rect")))
                        .hasSize(api.get("charts").get("drills").size());

                Path shot = Files.createDirectories(Path.of("target")).resolve("dashboard.png");
                Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
                assertThat(Files.size(shot)).isPositive();
            } finally {
                browser.quit();
            }
        }
    }
}

package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.progress.Progress;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Temporal Web UI as an operator sees it, in Debian's headless chromium: a running drill and a restore
 * waiting for approval show their summary, their current details (the step) and pgdrill's search attributes.
 * Screenshots go to target/ (ui-drill-running.png, ui-restore-awaiting-approval.png).
 */
@ExtendWith(PostgresExtension.class)
class TemporalUiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresCluster pg;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    private TemporalDevServer temporal;
    private int uiPort;
    private WebDriver browser;

    TemporalUiIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void start() throws Exception {
        uiPort = freePort();
        temporal = TemporalDevServer.start(uiPort);
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        browser = new ChromeDriver(options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void aRunningDrillAndARestoreAwaitingApprovalShowTheirSummaryStepAndSearchAttributes() throws Exception {
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        // A slow app check keeps the drill running while the browser looks at it.
        String yaml = TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("repo")), temporal.address())
                + "appChecks: [ { name: slow, command: [sleep, \"40\"], timeout: 2m } ]\n";
        String config = TestConfigs.write(yaml, dir).toString();
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("serving task queue"), Duration.ofSeconds(60));
            assertThat(pgdrill.cli("backup", "run", "--config", config, "--wait")
                            .exitCode())
                    .isZero();

            Pgdrill.Result drill = pgdrill.cli("drill", "run", "--config", config, "--latest", "--json");
            assertThat(drill.exitCode()).as(drill.all()).isZero();
            String drillId = JSON.readTree(drill.stdout()).get("workflowId").asText();
            awaitStep(drillId, "restore_and_verify");
            Page page = open(
                    drillId,
                    "ui-drill-running.png",
                    p -> p.metadata().contains("Step: restore_and_verify")
                            && p.attributes().contains("PgdrillStep"));
            assertThat(page.metadata())
                    .contains("Restore drill of 'production'")
                    .contains("Step: restore_and_verify");
            assertThat(page.attributes())
                    .contains("PgdrillDatabase")
                    .contains("production")
                    .contains("PgdrillStep");

            Pgdrill.Result restore = pgdrill.cli(
                    "restore",
                    "start",
                    "--config",
                    config,
                    "--target",
                    "production",
                    "--requested-by",
                    "carol",
                    "--reason",
                    "rows deleted",
                    "--json");
            assertThat(restore.exitCode()).as(restore.all()).isZero();
            String restoreId = JSON.readTree(restore.stdout()).get("workflowId").asText();
            awaitStep(restoreId, "awaiting_approval");
            Page waiting = open(
                    restoreId,
                    "ui-restore-awaiting-approval.png",
                    p -> p.metadata().contains("Awaiting approval")
                            && p.attributes().contains("AWAITING_APPROVAL"));
            assertThat(waiting.metadata())
                    .contains("EMERGENCY restore of 'production' requested by carol")
                    .contains("Awaiting approval")
                    .contains("pgdrill restore approve " + restoreId);
            assertThat(waiting.attributes()).contains("PgdrillStep").contains("AWAITING_APPROVAL");
            pgdrill.cli("restore", "reject", restoreId, "--config", config, "--approver", "bob", "--reason", "test");
        }
    }

    /** What the UI shows on the run's User Metadata tab (summary, details, current details) and Search Attributes tab. */
    record Page(String metadata, String attributes) {}

    private Page open(String workflowId, String screenshot, Predicate<Page> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Page page = new Page("", "");
        while (System.nanoTime() < deadline) {
            browser.get("http://127.0.0.1:" + uiPort + "/namespaces/default/workflows/" + workflowId);
            Thread.sleep(3000);
            page = new Page(tab("User Metadata"), tab("Search Attributes"));
            if (ready.test(page)) {
                break;
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", screenshot), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        tab("User Metadata");
        Files.write(
                Path.of("target", screenshot.replace(".png", "-metadata.png")),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        return page;
    }

    /** A tab's text, with the text of the frames the UI renders user-written markdown in. */
    private String tab(String name) throws InterruptedException {
        for (WebElement e : browser.findElements(By.xpath("//*[normalize-space(text())='" + name + "']"))) {
            if (e.isDisplayed()) {
                e.click();
                break;
            }
        }
        Thread.sleep(1500);
        StringBuilder text =
                new StringBuilder(browser.findElement(By.tagName("body")).getText());
        for (WebElement frame : browser.findElements(By.tagName("iframe"))) {
            browser.switchTo().frame(frame);
            text.append('\n').append(browser.findElement(By.tagName("body")).getText());
            browser.switchTo().defaultContent();
        }
        // The UI renders markdown with typographic quotes: compare with the plain ones pgdrill wrote.
        return text.toString().replace('\u2018', '\'').replace('\u2019', '\'');
    }

    private void awaitStep(String workflowId, String step) throws Exception {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                Progress p = WorkflowClient.newInstance(stubs)
                        .newUntypedWorkflowStub(workflowId)
                        .query("progress", Progress.class);
                if (step.equals(p.current())) {
                    return;
                }
                Thread.sleep(300);
            }
            throw new AssertionError(workflowId + " never reached " + step);
        } finally {
            stubs.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

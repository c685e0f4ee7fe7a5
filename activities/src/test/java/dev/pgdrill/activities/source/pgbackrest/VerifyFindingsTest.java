package dev.pgdrill.activities.source.pgbackrest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code pgbackrest verify --output=text --verbose} as pgBackRest 2.45 prints it (recorded from real runs on
 * a damaged repository): exit 0 whatever it found, WAL gaps only in its DETAIL log.
 */
class VerifyFindingsTest {
    private static final String LABEL = "20261126-133830F";
    private static final String WAL_START = "000000010000000000000002";

    private static final String OK = """
            stanza: t
            status: ok
              archiveId: 15-1, total WAL checked: 3, total valid WAL: 3
                missing: 0, checksum invalid: 0, size invalid: 0, other: 0
              backup: 20261126-133830F, status: valid, total files checked: 967, total valid files: 967
                missing: 0, checksum invalid: 0, size invalid: 0, other: 0
            """;

    private static final String DAMAGED = """
            stanza: t
            status: error
              archiveId: 15-1, total WAL checked: 2, total valid WAL: 2
                missing: 0, checksum invalid: 0, size invalid: 0, other: 0
              backup: 20261126-133830F, status: invalid, total files checked: 967, total valid files: 966
                missing: 0, checksum invalid: 1, size invalid: 0, other: 0
            """;

    private static String log(String... ranges) {
        StringBuilder b = new StringBuilder("P00   INFO: verify command begin 2.45: --stanza=t\n");
        for (String r : ranges) {
            String[] se = r.split("\\.\\.");
            b.append("P00 DETAIL: archiveId: 15-1, wal start: ")
                    .append(se[0])
                    .append(", wal stop: ")
                    .append(se[1])
                    .append('\n');
        }
        return b.toString();
    }

    private static List<CheckResult> of(String text, String log, boolean pitr) {
        return VerifyFindings.of(
                new ServerPrograms.Result(0, text, log), Set.of(LABEL), LABEL, WAL_START, WAL_START, pitr);
    }

    @Test
    void aHealthyRepositoryPassesAllThree() {
        List<CheckResult> checks = of(OK, log("000000010000000000000001..000000010000000000000004"), true);
        assertThat(checks)
                .extracting(CheckResult::name)
                .containsExactly("pgbackrest_verify", "backup_wal", "wal_continuity");
        assertThat(checks).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASS));
    }

    @Test
    void statusErrorFailsThoughTheExitCodeIsZero() {
        CheckResult verify = of(DAMAGED, log("000000010000000000000001..000000010000000000000002"), false)
                .get(0);
        assertThat(verify.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(verify.actual()).isEqualTo("status: error");
        assertThat(verify.detail()).isEqualTo("backup " + LABEL + " invalid (1 checksum invalid)");
    }

    @Test
    void damageInAnotherSetIsAWarningNamingIt() {
        CheckResult verify = VerifyFindings.of(
                        new ServerPrograms.Result(
                                0, DAMAGED, log("000000010000000000000001..000000010000000000000002")),
                        Set.of("20261127-010000F"),
                        "20261127-010000F",
                        WAL_START,
                        WAL_START,
                        false)
                .get(0);
        assertThat(verify.status()).isEqualTo(CheckStatus.WARN);
        assertThat(verify.detail()).contains("backup " + LABEL + " invalid");
    }

    @Test
    void theSetsMissingWalSegmentFailsBackupWal() {
        // 2.45 says "status: ok" here: only its log's two ranges show the hole where the set's WAL was.
        List<CheckResult> checks = of(
                OK,
                log(
                        "000000010000000000000001..000000010000000000000001",
                        "000000010000000000000003..000000010000000000000004"),
                false);
        assertThat(checks.get(0).status()).isEqualTo(CheckStatus.PASS);
        assertThat(checks.get(1).name()).isEqualTo("backup_wal");
        assertThat(checks.get(1).status()).isEqualTo(CheckStatus.FAIL);
        assertThat(checks.get(1).detail())
                .contains("missing from the archive")
                .contains("000000010000000000000003..000000010000000000000004");
    }

    @Test
    void aGapAfterTheSetWarnsADrillAndFailsAPointInTimeRestore() {
        String gap = log(
                "000000010000000000000001..000000010000000000000002",
                "000000010000000000000004..000000010000000000000005");
        assertThat(of(OK, gap, false).get(2).status()).isEqualTo(CheckStatus.WARN);
        CheckResult pitr = of(OK, gap, true).get(2);
        assertThat(pitr.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(pitr.detail()).contains("cannot pass 000000010000000000000002");
    }

    @Test
    void noStatusOrANonZeroExitFails() {
        assertThat(of("", "", false).get(0).status()).isEqualTo(CheckStatus.FAIL);
        CheckResult crashed = VerifyFindings.of(
                        new ServerPrograms.Result(56, "", "ERROR: [056]: unable to find a valid repository"),
                        Set.of(LABEL),
                        LABEL,
                        WAL_START,
                        WAL_START,
                        false)
                .get(0);
        assertThat(crashed.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(crashed.detail()).contains("unable to find a valid repository");
    }
}

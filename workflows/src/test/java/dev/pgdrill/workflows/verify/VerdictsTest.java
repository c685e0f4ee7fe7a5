package dev.pgdrill.workflows.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    @Test
    void aStreamedRestoresBackupFilesFindingTakesThePreChecksPlace() {
        List<CheckResult> checks = new ArrayList<>(List.of(CheckResult.pass("backup_files", "sizes", "5 files", "")));
        Verdicts.addOrReplace(
                checks, CheckResult.fail("backup_files", "as recorded", "1 problem(s)", "dump/1.dat.zst"));
        assertThat(checks).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.FAIL));
        assertThat(Verdicts.of(checks)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aCheckOfAnotherNameIsAdded() {
        List<CheckResult> checks = new ArrayList<>(List.of(CheckResult.pass("backup_files", "sizes", "5 files", "")));
        Verdicts.addOrReplace(checks, CheckResult.pass("restore", "exit 0", "exit 0", ""));
        assertThat(checks).extracting(CheckResult::name).containsExactly("backup_files", "restore");
    }
}

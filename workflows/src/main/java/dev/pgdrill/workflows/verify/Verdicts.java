package dev.pgdrill.workflows.verify;

import java.util.List;

public final class Verdicts {
    private Verdicts() {}

    /** FAIL if any critical check failed. */
    public static Verdict of(List<CheckResult> checks) {
        return checks.stream().anyMatch(CheckResult::failsVerdict) ? Verdict.FAIL : Verdict.PASS;
    }

    /** The names of the checks that failed the verdict, for one-line summaries. */
    public static String failures(List<CheckResult> checks) {
        return String.join(
                ", ",
                checks.stream()
                        .filter(CheckResult::failsVerdict)
                        .map(CheckResult::name)
                        .toList());
    }
}

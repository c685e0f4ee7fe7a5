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

    /**
     * Adds {@code check}, or puts it in place of an earlier check of the same name: a later step's finding on the
     * same thing (a streamed restore's {@code backup_files}, after the pre-check that left the hashes to it).
     */
    public static void addOrReplace(List<CheckResult> checks, CheckResult check) {
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).name().equals(check.name())) {
                checks.set(i, check);
                return;
            }
        }
        checks.add(check);
    }
}

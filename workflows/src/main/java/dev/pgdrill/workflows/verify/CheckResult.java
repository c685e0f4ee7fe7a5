package dev.pgdrill.workflows.verify;

/**
 * One finding of the verification suite. Findings are data: a failed check is a result, not an exception.
 *
 * @param name     stable and specific: {@code backup_files}, {@code row_counts}, {@code assertion:<name>}
 * @param critical a FAIL of a critical check fails the verdict
 */
public record CheckResult(
        String name, CheckStatus status, String expected, String actual, String detail, boolean critical) {

    public static CheckResult pass(String name, String expected, String actual, String detail) {
        return new CheckResult(name, CheckStatus.PASS, expected, actual, detail, true);
    }

    public static CheckResult fail(String name, String expected, String actual, String detail) {
        return new CheckResult(name, CheckStatus.FAIL, expected, actual, detail, true);
    }

    /** Reported, never failing: a known, legitimate difference (a NOT VALID constraint in production, say). */
    public static CheckResult warn(String name, String expected, String actual, String detail) {
        return new CheckResult(name, CheckStatus.WARN, expected, actual, detail, true);
    }

    public static CheckResult skip(String name, String detail) {
        return new CheckResult(name, CheckStatus.SKIP, "", "", detail, false);
    }

    public boolean failsVerdict() {
        return critical && status == CheckStatus.FAIL;
    }
}

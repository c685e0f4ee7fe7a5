package dev.pgdrill.core.preflight;

/**
 * One line of {@code pgdrill doctor}: what was checked, how it went, and what to do about a failure.
 *
 * @param hint empty when there is nothing to do
 */
public record DoctorCheck(String name, CheckStatus status, String detail, String hint) {
    public static DoctorCheck ok(String name, String detail) {
        return new DoctorCheck(name, CheckStatus.OK, detail, "");
    }

    public static DoctorCheck warn(String name, String detail, String hint) {
        return new DoctorCheck(name, CheckStatus.WARN, detail, hint);
    }

    public static DoctorCheck fail(String name, String detail, String hint) {
        return new DoctorCheck(name, CheckStatus.FAIL, detail, hint);
    }

    public boolean failed() {
        return status == CheckStatus.FAIL;
    }
}

package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.Severity;
import java.time.Instant;

/**
 * One thing the monitor found wrong (or worth knowing). Its {@code key} is stable while the condition holds,
 * so the same finding an hour later is the same alert, not a new one.
 *
 * @param key     {@code <check>:<subject>}, e.g. {@code backup_stale:production}
 * @param check   backup_stale, backup_failed, backup_gap, backup_size, drill_stale, drill_failed,
 *                schedule_missing, schedule_paused, repository_space
 * @param subject the profile, schedule id or repository it is about
 * @param since   since when the condition holds
 * @param hint    the command to run
 */
public record Finding(
        String key,
        String check,
        String subject,
        Severity severity,
        String title,
        String message,
        Instant since,
        String hint) {
    static Finding of(
            String check, String subject, Severity severity, String title, String message, Instant since, String hint) {
        return new Finding(check + ":" + subject, check, subject, severity, title, message, since, hint);
    }
}

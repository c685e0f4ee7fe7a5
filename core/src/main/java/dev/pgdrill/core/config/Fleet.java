package dev.pgdrill.core.config;

/**
 * The {@code fleet:} section: how many databases a {@code --all} run (or a fleet schedule) backs up or drills
 * at once. The bound is copied into the fleet workflow's request, never read by workflow code from here.
 *
 * @param maxConcurrent databases in flight at once (default 4)
 */
public record Fleet(int maxConcurrent) {
    public static final int DEFAULT_MAX_CONCURRENT = 4;
}

package dev.pgdrill.activities;

/** Told about progress during long work; may throw to abort it (an activity that was cancelled). */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> {};

    /**
     * @param phase what is happening ({@code dump}, {@code manifest}, {@code seal}, ...)
     * @param done  bytes written, tables counted, items restored: the phase says which
     * @param total the expected total, or 0 when unknown
     */
    void progress(String phase, long done, long total);
}

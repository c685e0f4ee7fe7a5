package dev.pgdrill.workflows.monitor;

/**
 * The backup repository's filesystem.
 *
 * @param freeBytes what the worker's user may still write there, or -1 when it could not be read
 */
public record RepositoryFact(String path, long freeBytes, long totalBytes) {
    public static final RepositoryFact UNKNOWN = new RepositoryFact("", -1, -1);

    public boolean known() {
        return freeBytes >= 0;
    }
}

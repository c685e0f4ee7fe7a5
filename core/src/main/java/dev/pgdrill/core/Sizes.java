package dev.pgdrill.core;

import dev.pgdrill.workflows.monitor.Human;

public final class Sizes {
    private Sizes() {}

    /** 1536 → "1.5 KiB" (as alerts and the dashboard write sizes). */
    public static String human(long bytes) {
        return Human.bytes(bytes);
    }
}

package dev.pgdrill.workflows.emergency;

import java.util.Locale;

/**
 * People's names as pgdrill compares them: case and spacing never make a second person, so "Alice",
 * " alice " and "ALICE" are one approver, and one requester who cannot approve their own restore.
 */
public final class ApproverNames {
    private ApproverNames() {}

    public static String normalize(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public static boolean same(String a, String b) {
        return !normalize(a).isEmpty() && normalize(a).equals(normalize(b));
    }
}

package dev.pgdrill.activities.verify;

import dev.pgdrill.core.catalog.SchemaFingerprint.SchemaObject;
import dev.pgdrill.workflows.verify.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The differences between the objects of one kind in the manifest and in a restored database, and the check
 * they make: FAIL with the first differences listed side by side ({@code expected}, {@code actual}), WARN when
 * every difference is a known, legitimate one (each with its reason), PASS when there is none.
 */
final class SchemaDiff {
    /** Differences shown in a check's expected and actual; the detail lists up to {@link #DETAILED}. */
    static final int LISTED = 3;

    static final int DETAILED = 10;
    private static final int VALUE_CHARS = 160;

    /**
     * One object that differs.
     *
     * @param changed  the attributes that differ; empty when the object is missing or unexpected
     * @param warning  why this difference is legitimate; empty when it fails the check
     */
    record Difference(String key, SchemaObject expected, SchemaObject actual, Set<String> changed, String warning) {
        Difference withWarning(String why) {
            return new Difference(key, expected, actual, changed, why);
        }

        String expectedText() {
            return expected == null ? "absent" : describe(expected, changed);
        }

        String actualText() {
            return actual == null ? "missing" : describe(actual, changed);
        }
    }

    private SchemaDiff() {}

    /** Missing objects, changed ones (with the attributes that differ) and unexpected ones, in key order. */
    static List<Difference> between(List<SchemaObject> expected, List<SchemaObject> actual) {
        Map<String, SchemaObject> want = byKey(expected);
        Map<String, SchemaObject> got = byKey(actual);
        Set<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(got.keySet());
        List<Difference> out = new ArrayList<>();
        for (String key : keys) {
            SchemaObject e = want.get(key);
            SchemaObject a = got.get(key);
            if (e == null || a == null) {
                out.add(new Difference(key, e, a, Set.of(), ""));
            } else if (!e.attributes().equals(a.attributes())) {
                Set<String> changed = new TreeSet<>(e.attributes().keySet());
                changed.addAll(a.attributes().keySet());
                changed.removeIf(n -> e.get(n).equals(a.get(n)));
                out.add(new Difference(key, e, a, changed, ""));
            }
        }
        return out;
    }

    /**
     * @param what    the kind in words, plural ("views")
     * @param total   how many objects the manifest has of this kind
     * @param context said in the detail whatever the outcome (how the comparison was made), or empty
     */
    static CheckResult result(String name, String what, int total, List<Difference> diffs, String context) {
        List<Difference> failing =
                diffs.stream().filter(d -> d.warning().isEmpty()).toList();
        List<Difference> warnings =
                diffs.stream().filter(d -> !d.warning().isEmpty()).toList();
        String suffix = context.isEmpty() ? "" : " (" + context + ")";
        if (failing.isEmpty() && warnings.isEmpty()) {
            return CheckResult.pass(
                    name,
                    total + " " + what,
                    total == 0 ? "none, as recorded" : "all " + total + " as recorded",
                    context);
        }
        List<Difference> shown = failing.isEmpty() ? warnings : failing;
        String expected = shown.stream()
                .limit(LISTED)
                .map(d -> d.key() + ": " + d.expectedText())
                .collect(Collectors.joining("; "));
        String actual = shown.stream()
                .limit(LISTED)
                .map(d -> d.key() + ": " + d.actualText())
                .collect(Collectors.joining("; "));
        String listed = shown.stream()
                .limit(DETAILED)
                .map(d -> d.key() + " (expected " + d.expectedText() + ", got " + d.actualText() + ")"
                        + (d.warning().isEmpty() ? "" : ": " + d.warning()))
                .collect(Collectors.joining("; "));
        if (failing.isEmpty()) {
            return CheckResult.warn(
                    name, expected, actual, warnings.size() + " legitimate difference(s): " + listed + suffix);
        }
        String detail = failing.size() + " of " + total + " " + what + " differ"
                + (failing.size() > DETAILED ? " (first " + DETAILED + ")" : "") + ": " + listed
                + (warnings.isEmpty() ? "" : "; and " + warnings.size() + " legitimate difference(s)") + suffix;
        return CheckResult.fail(name, expected, actual, detail);
    }

    /** The attributes that differ (all of them when none is named), one line, each value cut short. */
    static String describe(SchemaObject o, Set<String> only) {
        Map<String, String> shown = new LinkedHashMap<>();
        o.attributes().forEach((k, v) -> {
            if (only.isEmpty() || only.contains(k)) {
                shown.put(k, v);
            }
        });
        only.stream().filter(k -> !shown.containsKey(k)).forEach(k -> shown.put(k, ""));
        if (shown.isEmpty()) {
            return "present";
        }
        return shown.entrySet().stream()
                .map(e -> e.getKey() + "=" + shorten(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String shorten(String v) {
        String one = v.replaceAll("\\s+", " ").strip();
        if (one.isEmpty()) {
            return "(none)";
        }
        return one.length() <= VALUE_CHARS ? one : one.substring(0, VALUE_CHARS) + "…";
    }

    private static Map<String, SchemaObject> byKey(List<SchemaObject> objects) {
        Map<String, SchemaObject> out = new LinkedHashMap<>();
        objects.forEach(o -> out.put(o.key(), o));
        return out;
    }
}

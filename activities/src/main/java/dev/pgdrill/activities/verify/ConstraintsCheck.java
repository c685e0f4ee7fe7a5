package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.workflows.verify.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code constraints} check: every constraint of the manifest present, validated as it was. A constraint
 * that was NOT VALID in production is restored NOT VALID (pg_dump keeps the state): a WARN naming it, not a
 * FAIL. With a schema fingerprint (format 2, definitions read with a fixed search_path on both sides) the
 * definitions are compared too.
 */
final class ConstraintsCheck {
    static final String NAME = "constraints";

    private ConstraintsCheck() {}

    static CheckResult check(Manifest m, DatabaseContents restored) {
        Map<String, Manifest.ConstraintEntry> want = byKey(m.constraints());
        Map<String, Manifest.ConstraintEntry> got = byKey(restored.constraints());
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> notValidInProduction = new ArrayList<>();
        want.forEach((key, w) -> {
            Manifest.ConstraintEntry g = got.get(key);
            if (g == null) {
                missing.add(key);
            } else if (m.schema().isPresent() && !w.definition().equals(g.definition())) {
                changed.add(key + " (expected " + w.definition() + ", got " + g.definition() + ")");
            }
        });
        // Without a manifest (a backup pgdrill did not make) the archive is all there is to say how they were.
        boolean noManifest = BackupStore.EXTERNAL.equals(m.kind());
        got.forEach((key, g) -> {
            if (!g.validated()) {
                Manifest.ConstraintEntry w = want.get(key);
                (noManifest || (w != null && !w.validated()) ? notValidInProduction : invalid).add(key);
            }
        });
        String expected = m.constraints().size() + " constraints, validated as recorded";
        if (missing.isEmpty() && changed.isEmpty() && invalid.isEmpty()) {
            String actual = restored.constraints().size() + " present and validated"
                    + (notValidInProduction.isEmpty() ? "" : " but " + notValidInProduction.size());
            return notValidInProduction.isEmpty()
                    ? CheckResult.pass(NAME, m.constraints().size() + " constraints", actual, "")
                    : CheckResult.warn(
                            NAME,
                            expected,
                            actual,
                            "NOT VALID in production too, restored as such (existing rows not checked; ALTER TABLE"
                                    + " … VALIDATE CONSTRAINT checks them): "
                                    + String.join(", ", notValidInProduction));
        }
        return CheckResult.fail(
                NAME,
                expected,
                missing.size() + " missing, " + changed.size() + " changed, " + invalid.size() + " not validated",
                String.join(
                        "; ",
                        List.of(
                                        missing.isEmpty()
                                                ? ""
                                                : "missing (a restore could not create them, e.g. orphaned rows): "
                                                        + String.join(", ", missing),
                                        changed.isEmpty() ? "" : "changed: " + String.join(", ", changed),
                                        invalid.isEmpty() ? "" : "not validated: " + String.join(", ", invalid))
                                .stream()
                                .filter(s -> !s.isEmpty())
                                .toList()));
    }

    private static Map<String, Manifest.ConstraintEntry> byKey(List<Manifest.ConstraintEntry> entries) {
        Map<String, Manifest.ConstraintEntry> out = new LinkedHashMap<>();
        entries.forEach(k -> out.put(k.schema() + "." + k.table() + "." + k.name(), k));
        return out;
    }
}

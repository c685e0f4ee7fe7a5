package dev.pgdrill.core.config;

import dev.pgdrill.workflows.emergency.ApprovalSignatures;
import dev.pgdrill.workflows.emergency.ApproverNames;
import dev.pgdrill.workflows.emergency.SignatureMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sections that steer runs (drill, restore, approval) and the checks every section shares: a profile
 * reference that exists and has an allowed role, and a cron expression Temporal will accept.
 */
final class RunSections {
    private RunSections() {}

    static PgdrillConfig.Drill drill(
            YamlObject top, YamlFields f, Map<String, DatabaseProfile> dbs, List<String> backedUp) {
        Optional<YamlObject> d =
                top.object("drill", "target", "schedule", "windowDays", "databases", "afterEveryBackup");
        String target = d.flatMap(o -> o.optString("target")).orElseGet(() -> dbs.values().stream()
                .filter(p -> p.role() == Role.SANDBOX)
                .map(DatabaseProfile::name)
                .findFirst()
                .orElse(""));
        if (target.isEmpty()) {
            f.problem("drill.target", "required: a database profile with role sandbox to run drills on");
        } else {
            checkProfile(f, "drill.target", target, dbs, Role.PRODUCTION);
        }
        String schedule = d.map(o -> cron(f, o, "schedule", "0 4 1 * *")).orElse("0 4 1 * *");
        int window = d.map(o -> o.integer("windowDays", 7, 1, 3650)).orElse(7);
        return new PgdrillConfig.Drill(
                target,
                schedule,
                window,
                FleetSection.drillDatabases(d, f, dbs, backedUp),
                d.map(o -> o.bool("afterEveryBackup", false)).orElse(false));
    }

    static PgdrillConfig.Restore restore(YamlObject top, YamlFields f, Map<String, DatabaseProfile> dbs) {
        Optional<YamlObject> r = top.object(
                "restore", "staging", "maxAttempts", "reminderEvery", "prepareBeforeApproval", "reuseStaging");
        String staging = r.flatMap(o -> o.optString("staging")).orElseGet(() -> dbs.values().stream()
                .filter(p -> p.role() == Role.STAGING)
                .map(DatabaseProfile::name)
                .findFirst()
                .orElse(""));
        if (r.flatMap(o -> o.optString("staging")).isPresent()) {
            checkProfile(f, "restore.staging", staging, dbs, Role.PRODUCTION);
        }
        return new PgdrillConfig.Restore(
                staging,
                r.map(o -> o.integer("maxAttempts", 3, 1, 50)).orElse(3),
                r.map(o -> o.duration("reminderEvery", Duration.ofMinutes(30))).orElse(Duration.ofMinutes(30)),
                r.map(o -> o.bool("prepareBeforeApproval", true)).orElse(true),
                r.map(o -> o.bool("reuseStaging", true)).orElse(true));
    }

    static PgdrillConfig.Approval approval(YamlObject top, YamlFields f) {
        Optional<YamlObject> a =
                top.object("approval", "phrase", "approvers", "distinctFromRequester", "timeout", "signatures", "keys");
        String phrase = a.map(o -> o.string("phrase", "RESTORE PRODUCTION")).orElse("RESTORE PRODUCTION");
        List<String> approvers = a.map(o -> o.stringList("approvers")).orElse(List.of());
        if (approvers.isEmpty()) {
            f.problem(
                    "approval.approvers",
                    "required: the people allowed to approve a production restore, e.g. [alice, bob]");
        }
        SignatureMode signatures = a.map(o -> signatures(f, o)).orElse(SignatureMode.OFF);
        Map<String, String> keys = new LinkedHashMap<>();
        a.ifPresent(o -> o.entries("keys").forEach((name, key) -> {
            String path = o.at("keys") + "." + name;
            if (approvers.stream().noneMatch(x -> ApproverNames.same(x, name))) {
                f.problem(path, "'" + name + "' is not in approval.approvers");
            } else if (!key.isTextual() || !ApprovalSignatures.isPublicKey(key.asText())) {
                f.problem(path, "expected a base64 Ed25519 public key (pgdrill approver keygen prints one)");
            } else {
                keys.put(name, key.asText().strip());
            }
        }));
        if (signatures == SignatureMode.REQUIRED) {
            approvers.stream()
                    .filter(x -> keys.keySet().stream().noneMatch(k -> ApproverNames.same(k, x)))
                    .forEach(x -> f.problem(
                            "approval.keys",
                            "no public key for approver '" + x + "', and approval.signatures is required: " + x
                                    + " could never approve"));
        }
        return new PgdrillConfig.Approval(
                phrase,
                approvers,
                a.map(o -> o.bool("distinctFromRequester", true)).orElse(true),
                a.map(o -> o.duration("timeout", Duration.ofHours(4))).orElse(Duration.ofHours(4)),
                signatures,
                Map.copyOf(keys));
    }

    private static SignatureMode signatures(YamlFields f, YamlObject o) {
        String text = o.string("signatures", "off");
        if (text.equals("false")) {
            return SignatureMode.OFF; // YAML 1.1 reads an unquoted off as the boolean false
        }
        try {
            return SignatureMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            f.problem(o.at("signatures"), "expected off, optional or required, got \"" + text + "\"");
            return SignatureMode.OFF;
        }
    }

    /** A reference to a profile must name one that exists, and must not point at {@code forbidden}'s role. */
    static void checkProfile(YamlFields f, String path, String name, Map<String, DatabaseProfile> dbs, Role forbidden) {
        if (name.isEmpty()) {
            return;
        }
        DatabaseProfile p = dbs.get(name);
        if (p == null) {
            f.problem(
                    path,
                    "no database profile named '" + name + "' (configured: " + String.join(", ", dbs.keySet()) + ")");
        } else if (p.role() == forbidden) {
            f.problem(
                    path, "profile '" + name + "' has role " + p.role().key() + ", which pgdrill never uses for this");
        }
    }

    /** A 5-field cron in UTC; Temporal would only reject a bad one at {@code schedules apply}, far from here. */
    static String cron(YamlFields f, YamlObject o, String key, String fallback) {
        String text = o.string(key, fallback).trim();
        if (text.split("\\s+").length != 5) {
            f.problem(
                    o.at(key),
                    "expected a cron expression of 5 fields (minute hour day month weekday, UTC)"
                            + " such as \"0 3 * * *\", got \"" + text + "\"");
            return text;
        }
        try {
            return CronSchedule.parse(text).expression();
        } catch (IllegalArgumentException e) {
            f.problem(o.at(key), "invalid cron \"" + text + "\": " + e.getMessage());
            return text;
        }
    }
}

package dev.pgdrill.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lists of databases pgdrill backs up and drills ({@code backup.database} or {@code backup.databases},
 * {@code drill.databases}) and the {@code fleet:} bound on how many run at once.
 */
final class FleetSection {
    private FleetSection() {}

    static PgdrillConfig.Backup backup(YamlObject b, YamlFields f, Map<String, DatabaseProfile> dbs) {
        List<String> databases;
        if (b.has("database") && b.has("databases")) {
            // Neither silently wins: a list added next to an old single entry is most likely half an edit.
            f.problem(
                    b.at("databases"),
                    "give either backup.database (one profile) or backup.databases (a list), not both");
            databases = List.of(b.required("database", ""));
        } else if (b.has("databases")) {
            databases = profiles(b, f, "databases", dbs, "back up");
        } else {
            String one = b.required("database", "name of the database profile to back up (or backup.databases: [..])");
            RunSections.checkProfile(f, b.at("database"), one, dbs, null);
            databases = List.of(one);
        }
        return new PgdrillConfig.Backup(
                databases.isEmpty() ? List.of("") : databases,
                RunSections.cron(f, b, "schedule", "0 3 * * *"),
                b.integer("retentionDays", 7, 1, 3650),
                b.integer("jobs", 2, 1, 64));
    }

    /** {@code drill.databases}: a subset of what is backed up (a drill restores pgdrill's backups); default all. */
    static List<String> drillDatabases(
            Optional<YamlObject> d, YamlFields f, Map<String, DatabaseProfile> dbs, List<String> backedUp) {
        if (d.isEmpty() || !d.get().has("databases")) {
            return backedUp;
        }
        YamlObject o = d.get();
        List<String> listed = profiles(o, f, "databases", dbs, "drill (or leave the key out: every backed-up one)");
        for (int i = 0; i < listed.size(); i++) {
            if (dbs.containsKey(listed.get(i)) && !backedUp.contains(listed.get(i))) {
                f.problem(
                        o.at("databases") + "[" + i + "]",
                        "'" + listed.get(i) + "' is not in backup.databases (a drill restores pgdrill's backups of it;"
                                + " backed up: " + String.join(", ", backedUp) + ")");
            }
        }
        return listed.isEmpty() ? backedUp : listed;
    }

    static Fleet fleet(YamlObject top) {
        return top.object("fleet", "maxConcurrent")
                .map(o -> new Fleet(o.integer("maxConcurrent", Fleet.DEFAULT_MAX_CONCURRENT, 1, 256)))
                .orElse(new Fleet(Fleet.DEFAULT_MAX_CONCURRENT));
    }

    /** A non-empty list of existing profiles, none twice; the valid ones are returned. */
    private static List<String> profiles(
            YamlObject o, YamlFields f, String key, Map<String, DatabaseProfile> dbs, String what) {
        List<String> names = o.stringList(key);
        if (names.isEmpty() && f.problems().stream().noneMatch(p -> p.startsWith(o.at(key)))) {
            f.problem(o.at(key), "required: at least one database profile to " + what);
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String path = o.at(key) + "[" + i + "]";
            String name = names.get(i);
            if (!seen.add(name)) {
                f.problem(path, "'" + name + "' is listed twice");
                continue;
            }
            int before = f.problems().size();
            RunSections.checkProfile(f, path, name, dbs, null);
            if (f.problems().size() == before) {
                out.add(name);
            }
        }
        return out;
    }
}

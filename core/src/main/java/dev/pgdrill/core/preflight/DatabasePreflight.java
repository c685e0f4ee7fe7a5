package dev.pgdrill.core.preflight;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.core.tools.PgTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Doctor's checks of everything on this machine's side: database profiles and their privileges, the
 * PostgreSQL client programs, the backup repository and the catalog schema. Never throws: every
 * problem is a FAIL line with a hint.
 */
public final class DatabasePreflight {
    private final PgdrillConfig config;
    private final PgTools tools;

    public DatabasePreflight(PgdrillConfig config) {
        this.config = config;
        this.tools = new PgTools(config.tools().pgBinDir());
    }

    public List<DoctorCheck> run(boolean migrate) {
        List<DoctorCheck> checks = new ArrayList<>();
        Map<String, Integer> serverMajors = new LinkedHashMap<>();
        for (DatabaseProfile p : config.databases().values()) {
            checks.add(profile(p, serverMajors));
        }
        checks.add(tool("pg_dump", serverMajors));
        checks.add(tool("pg_restore", serverMajors));
        checks.add(repository(config.repository().path()));
        checks.add(catalog(migrate));
        return checks;
    }

    DoctorCheck profile(DatabaseProfile p, Map<String, Integer> serverMajors) {
        String name = "database " + p.name();
        try (Connection c = Connections.open(p);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int,"
                        + " current_setting('server_version'), r.rolsuper, r.rolcreatedb"
                        + " FROM pg_roles r WHERE r.rolname = current_user")) {
            rs.next();
            int major = rs.getInt(1) / 10000;
            serverMajors.put(p.name(), major);
            boolean superuser = rs.getBoolean(3);
            boolean createdb = rs.getBoolean(4);
            String detail = p.role().key() + " " + p.describe() + ", PostgreSQL "
                    + rs.getString(2).split(" ")[0] + (superuser ? ", superuser" : createdb ? ", CREATEDB" : "");
            if (p.role().needsCreatedb() && !superuser && !createdb) {
                return DoctorCheck.fail(
                        name,
                        detail + ": role '" + p.user() + "' lacks CREATEDB, which "
                                + p.role().key() + " servers need to create and rename databases",
                        "ALTER ROLE " + Sql.ident(p.user()) + " CREATEDB;  (as a superuser)");
            }
            if (p.role() == Role.PRODUCTION && config.source(p.name()) instanceof SourceConfig.PgBackRest b) {
                // Replaced at cluster level (a data directory swap on its host), not by database renames.
                return b.dataDirectory().isPresent()
                        ? DoctorCheck.ok(
                                name,
                                detail + ", cluster switch of "
                                        + b.dataDirectory().get())
                        : DoctorCheck.warn(
                                name,
                                detail + ": emergency restores are refused until databases." + p.name()
                                        + ".source.dataDirectory names production's data directory",
                                "set databases." + p.name() + ".source.dataDirectory (drills need no more)");
            }
            if (p.role() == Role.PRODUCTION) {
                return switchable(c, p, name, detail);
            }
            return DoctorCheck.ok(name, detail);
        } catch (SQLException e) {
            return DoctorCheck.fail(name, p.describe() + ": " + SqlErrors.cause(e), SqlErrors.hint(e, p));
        }
    }

    /**
     * Whether an emergency restore could switch this production profile, asked by {@code restore start}
     * before it starts anything: FAIL when the role lacks a privilege, WARN when the server cannot be asked
     * (the restore may be what brings it back; the run itself reports what it cannot do).
     */
    public DoctorCheck switchable(DatabaseProfile p) {
        String name = "database " + p.name();
        try (Connection c = Connections.open(p)) {
            return switchable(c, p, name, p.role().key() + " " + p.describe());
        } catch (SQLException e) {
            return DoctorCheck.warn(
                    name, "could not check the switch privileges of " + p.describe() + ": " + SqlErrors.cause(e), "");
        }
    }

    private static DoctorCheck switchable(Connection c, DatabaseProfile p, String name, String detail)
            throws SQLException {
        List<SwitchPrivileges.Problem> missing = SwitchPrivileges.problems(c, p);
        if (missing.isEmpty()) {
            return DoctorCheck.ok(name, detail + ", can switch production");
        }
        return DoctorCheck.fail(
                name,
                detail + ": role '" + p.user() + "' cannot switch production in an emergency restore; it needs "
                        + String.join(
                                "; ",
                                missing.stream()
                                        .map(SwitchPrivileges.Problem::what)
                                        .toList()),
                String.join(
                                ";  ",
                                missing.stream()
                                        .map(SwitchPrivileges.Problem::fix)
                                        .toList()) + ";  (as a superuser)");
    }

    DoctorCheck tool(String program, Map<String, Integer> serverMajors) {
        Optional<Path> path = tools.find(program);
        if (path.isEmpty()) {
            return DoctorCheck.fail(
                    program,
                    "not found in " + tools.searched(),
                    "install the PostgreSQL client programs (Debian: postgresql-client-NN) or set tools.pgBinDir");
        }
        try {
            PgTools.ToolVersion v = tools.version(path.get());
            Optional<Map.Entry<String, Integer>> newer = serverMajors.entrySet().stream()
                    .filter(e -> e.getValue() > v.major())
                    .findFirst();
            if (newer.isPresent()) {
                return DoctorCheck.fail(
                        program,
                        program + " " + v.major() + " at " + path.get()
                                + " is older than server major " + newer.get().getValue() + " of profile '"
                                + newer.get().getKey() + "'",
                        "install postgresql-client-" + newer.get().getValue() + " and point tools.pgBinDir at it");
            }
            return DoctorCheck.ok(program, program + " " + v.major() + " at " + path.get());
        } catch (IOException e) {
            return DoctorCheck.fail(program, e.getMessage(), "check that " + path.get() + " runs");
        }
    }

    static DoctorCheck repository(Path dir) {
        String name = "repository";
        if (!Files.isDirectory(dir)) {
            return DoctorCheck.fail(
                    name,
                    dir + " does not exist or is not a directory",
                    "mkdir -p " + dir + " (and give the worker's user write access)");
        }
        try {
            Path probe = Files.createTempFile(dir, ".pgdrill-doctor-", ".tmp");
            Files.delete(probe);
            long free = Files.getFileStore(dir).getUsableSpace();
            return DoctorCheck.ok(name, dir + " is writable, " + Sizes.human(free) + " free");
        } catch (IOException e) {
            return DoctorCheck.fail(
                    name, dir + " is not writable: " + e.getMessage(), "give the worker's user write access to " + dir);
        }
    }

    DoctorCheck catalog(boolean migrate) {
        DatabaseProfile p = config.catalogProfile();
        String name = "catalog";
        CatalogMigrator migrator = new CatalogMigrator(p);
        try {
            if (migrate) {
                CatalogMigrator.Status s = migrator.migrate();
                return DoctorCheck.ok(
                        name,
                        "schema " + CatalogMigrator.SCHEMA + " on " + p.describe() + " migrated to version "
                                + s.current());
            }
            CatalogMigrator.Status s = migrator.status();
            if (s.pending() > 0) {
                return DoctorCheck.fail(
                        name,
                        "schema " + CatalogMigrator.SCHEMA + " on " + p.describe() + " is at version " + s.current()
                                + ", " + s.pending() + " migration(s) pending (latest " + s.latest() + ")",
                        "run: pgdrill doctor --migrate");
            }
            return DoctorCheck.ok(
                    name, "schema " + CatalogMigrator.SCHEMA + " on " + p.describe() + " at version " + s.current());
        } catch (SQLException e) {
            return DoctorCheck.fail(name, p.describe() + ": " + SqlErrors.cause(e), SqlErrors.hint(e, p));
        } catch (RuntimeException e) {
            // Flyway wraps connection and SQL failures in its own unchecked exceptions.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String cause = root instanceof SQLException se ? SqlErrors.cause(se) : firstLine(e.getMessage());
            String hint = root instanceof SQLException se ? SqlErrors.hint(se, p) : "";
            return DoctorCheck.fail(
                    name,
                    "unable to " + (migrate ? "migrate" : "read") + " schema " + CatalogMigrator.SCHEMA + " on "
                            + p.describe() + ": " + cause,
                    hint);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}

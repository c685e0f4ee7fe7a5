package dev.pgdrill.starter;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.core.db.SqlErrors;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pgdrill cleanup}: lists the databases pgdrill left on purpose (old production databases kept by
 * a restore, failed restores set aside) or by accident (a sandbox a crash left), and drops one only when
 * asked by name. A database switched into production is never listed.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"List databases pgdrill kept or left behind; drop one with --drop NAME."})
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Option(names = "--drop", paramLabel = "NAME", description = "Drop this listed database (on the server that has it).")
    String drop;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;
    @Spec
    CommandSpec spec;

    record Leftover(String database, String kind, String server, String profile, String comment, long sizeBytes) {}

    @Override
    public Integer call() {
        PgdrillConfig cfg = config.load();
        List<Leftover> found = new ArrayList<>();
        Map<String, DatabaseProfile> servers = new LinkedHashMap<>();
        cfg.databases().values().stream().filter(p -> p.role() != Role.CATALOG)
                .forEach(p -> servers.putIfAbsent(p.host() + ":" + p.port(), p));
        for (Map.Entry<String, DatabaseProfile> s : servers.entrySet()) {
            try (Connection c = Connections.open(s.getValue(), "postgres"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT datname, shobj_description(oid, 'pg_database'),"
                            + " pg_database_size(datname) FROM pg_database"
                            + " WHERE shobj_description(oid, 'pg_database') LIKE 'pgdrill:%' ORDER BY 1")) {
                while (rs.next()) {
                    String comment = rs.getString(2);
                    String kind = comment.startsWith("pgdrill:pre-restore-of=") ? "pre-restore (kept old production)"
                            : comment.startsWith("pgdrill:failed-restore-by=") ? "failed restore (set aside)"
                            : comment.startsWith("pgdrill:owner=") ? "sandbox (left by an interrupted run?)" : "";
                    String name = rs.getString(1);
                    boolean configured = cfg.databases().values().stream().anyMatch(p -> p.database().equals(name)
                            && (p.host() + ":" + p.port()).equals(s.getKey()));
                    if (!kind.isEmpty() && !configured) {
                        found.add(new Leftover(name, kind, s.getKey(), s.getValue().name(), comment, rs.getLong(3)));
                    }
                }
            } catch (SQLException e) {
                throw new CliFailure(ExitCodes.INFRASTRUCTURE, "unable to list databases on " + s.getKey() + ": " + SqlErrors.cause(e));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (drop != null) {
            Leftover l = found.stream().filter(f -> f.database().equals(drop)).findFirst().orElseThrow(() -> new CliFailure(
                    ExitCodes.USAGE, "'" + drop + "' is not a database pgdrill kept or left (pgdrill cleanup lists them)"));
            try (Connection c = Connections.open(cfg.profile(l.profile()), "postgres"); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE " + Sql.ident(l.database()) + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new CliFailure(ExitCodes.INFRASTRUCTURE, "unable to drop database '" + drop + "': " + SqlErrors.cause(e));
            }
            RestoreCommand.audit(cfg, System.getProperty("user.name", "operator"), "cleanup.drop", l.database(), l.comment());
            out.println("dropped " + l.database() + " on " + l.server());
            return ExitCodes.OK;
        }
        if (json) {
            Cli.printJson(out, found);
        } else if (found.isEmpty()) {
            out.println("nothing to clean up");
        } else {
            for (Leftover l : found) {
                out.printf("%-44s %-36s %-22s %10s%n", l.database(), l.kind(), l.server(),
                        dev.pgdrill.core.Sizes.human(l.sizeBytes()));
            }
            out.println("drop one with: pgdrill cleanup --drop NAME");
        }
        return ExitCodes.OK;
    }
}

package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.core.db.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Reads what a database holds: tables with exact counts and content checksums, constraints, indexes,
 * sequences, extensions, freshness values and the schema fingerprint. Run inside the backup's snapshot, it
 * is the manifest; run against a restored database, it is what verification compares with the manifest.
 */
public record DatabaseContents(
        String serverVersion,
        int serverMajor,
        List<Manifest.TableEntry> tables,
        List<Manifest.ConstraintEntry> constraints,
        List<Manifest.IndexEntry> indexes,
        List<Manifest.SequenceEntry> sequences,
        List<Manifest.ExtensionEntry> extensions,
        List<Manifest.FreshnessEntry> freshness,
        SchemaFingerprint schema) {

    /** User schemas only: not the catalogs, not TOAST or temp schemas. */
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    /**
     * A table pg_dump dumps the data of, with its size on disk (the heaviest are scanned first).
     *
     * @param blocks its main fork's blocks, where a scan can be cut into block ranges
     */
    public record TableRef(String schema, String name, long bytes, long blocks) {
        public String key() {
            return schema + "." + name;
        }
    }

    /**
     * Everything, tables scanned one after the other on {@code c}, each by the cheapest checksum method its
     * columns allow (see {@link TableChecksum}): the manifest, read in the backup's snapshot.
     *
     * @param afterTable called after each table is counted, with the number done (progress for heartbeats)
     */
    public static DatabaseContents read(Connection c, List<PgdrillConfig.Freshness> freshness, LongConsumer afterTable)
            throws SQLException {
        DatabaseContents catalog = readCatalog(c, freshness);
        List<Manifest.TableEntry> tables = new ArrayList<>();
        long done = 0;
        List<TableRef> refs = tables(c);
        Map<String, String> rowHashes =
                catalog.serverMajor() >= ColumnHash.SINCE ? ColumnHash.expressions(c, refs) : Map.of();
        for (TableRef t : refs) {
            String rowHash = rowHashes.getOrDefault(t.key(), "");
            String method = TableChecksum.method(c, catalog.serverMajor(), t.schema(), t.name(), rowHash);
            tables.add(TableChecksum.scan(c, t.schema(), t.name(), method, rowHash));
            afterTable.accept(++done);
        }
        return catalog.withTables(tables);
    }

    /**
     * Everything but the tables' counts and checksums (an empty table list): catalog reads only, quick, for
     * a caller that scans the tables itself ({@link #tables}, {@link TableChecksum#scan}).
     */
    public static DatabaseContents readCatalog(Connection c, List<PgdrillConfig.Freshness> freshness)
            throws SQLException {
        TableChecksum.pinSessionSettings(c);
        String version;
        int major;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version'),"
                        + " current_setting('server_version_num')::int / 10000")) {
            rs.next();
            version = rs.getString(1);
            major = rs.getInt(2);
        }
        List<Manifest.ConstraintEntry> constraints = pinnedConstraints(c);
        return new DatabaseContents(
                version,
                major,
                List.of(),
                constraints,
                indexes(c),
                sequences(c),
                extensions(c),
                freshness(c, freshness),
                SchemaReader.read(c));
    }

    public DatabaseContents withTables(List<Manifest.TableEntry> scanned) {
        return new DatabaseContents(
                serverVersion, serverMajor, scanned, constraints, indexes, sequences, extensions, freshness, schema);
    }

    /**
     * What a database in use can be compared with a backup by: its tables with exact row counts (no
     * checksums: rows change while applications write) and its constraints.
     */
    public static DatabaseContents structure(Connection c, LongConsumer afterTable) throws SQLException {
        List<Manifest.TableEntry> tables = new ArrayList<>();
        long done = 0;
        for (TableRef t : tables(c)) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT count(*) FROM " + Sql.ident(t.schema()) + "." + Sql.ident(t.name()))) {
                rs.next();
                tables.add(new Manifest.TableEntry(t.schema(), t.name(), rs.getLong(1), ""));
            }
            afterTable.accept(++done);
        }
        List<Manifest.ConstraintEntry> constraints = pinnedConstraints(c);
        return new DatabaseContents(
                "",
                0,
                tables,
                constraints,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                new SchemaFingerprint(SchemaFingerprint.VERSION, Map.of()));
    }

    /** Definitions print names qualified or not by the search_path: fixed, they read the same on both sides. */
    private static List<Manifest.ConstraintEntry> pinnedConstraints(Connection c) throws SQLException {
        String searchPath = SchemaReader.pinSearchPath(c, "pg_catalog");
        try {
            return constraints(c);
        } finally {
            SchemaReader.pinSearchPath(c, searchPath);
        }
    }

    /**
     * Ordinary tables whose data pg_dump dumps: leaf tables (partitions included, partitioned parents
     * not, since they hold no rows of their own), not members of an extension; by name.
     */
    public static List<TableRef> tables(Connection c) throws SQLException {
        List<TableRef> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname, pg_table_size(c.oid),"
                        + " pg_relation_size(c.oid) / current_setting('block_size')::bigint FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND " + USER_SCHEMA
                        + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                        + " AND d.objid = c.oid AND d.deptype = 'e')"
                        + " ORDER BY 1, 2")) {
            while (rs.next()) {
                out.add(new TableRef(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return out;
    }

    private static List<Manifest.ConstraintEntry> constraints(Connection c) throws SQLException {
        List<Manifest.ConstraintEntry> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT n.nspname, cl.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid),"
                                + " con.convalidated FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid"
                                + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE " + USER_SCHEMA
                                + " ORDER BY 1, 2, 3")) {
            while (rs.next()) {
                out.add(new Manifest.ConstraintEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6)));
            }
        }
        return out;
    }

    private static List<Manifest.IndexEntry> indexes(Connection c) throws SQLException {
        List<Manifest.IndexEntry> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes n"
                        + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND schemaname NOT LIKE 'pg\\_toast%' ORDER BY 1, 2, 3")) {
            while (rs.next()) {
                out.add(new Manifest.IndexEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    private static List<Manifest.SequenceEntry> sequences(Connection c) throws SQLException {
        List<Manifest.SequenceEntry> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE c.relkind = 'S' AND " + USER_SCHEMA + " ORDER BY 1, 2")) {
            List<String[]> names = new ArrayList<>();
            while (rs.next()) {
                names.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            for (String[] s : names) {
                try (ResultSet v = st.executeQuery(
                        "SELECT last_value, is_called FROM " + Sql.ident(s[0]) + "." + Sql.ident(s[1]))) {
                    v.next();
                    out.add(new Manifest.SequenceEntry(s[0], s[1], v.getLong(1), v.getBoolean(2)));
                }
            }
        }
        return out;
    }

    private static List<Manifest.ExtensionEntry> extensions(Connection c) throws SQLException {
        List<Manifest.ExtensionEntry> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT extname, extversion FROM pg_extension ORDER BY 1")) {
            while (rs.next()) {
                out.add(new Manifest.ExtensionEntry(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    private static List<Manifest.FreshnessEntry> freshness(Connection c, List<PgdrillConfig.Freshness> columns)
            throws SQLException {
        List<Manifest.FreshnessEntry> out = new ArrayList<>();
        for (PgdrillConfig.Freshness f : columns) {
            // Cast to timestamptz so date, timestamp and timestamptz columns all print the same way (UTC).
            String sql = "SELECT max(" + Sql.ident(f.column()) + ")::timestamptz::text FROM " + Sql.ident(f.schema())
                    + "." + Sql.ident(f.table());
            // A misconfigured freshness column must not cost the night's backup: a savepoint keeps the
            // snapshot's transaction usable, and the problem is recorded for verification to report.
            Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                String max = rs.getString(1);
                out.add(new Manifest.FreshnessEntry(f.qualifiedTable(), f.column(), max == null ? "" : max, ""));
            } catch (SQLException e) {
                if (sp != null) {
                    c.rollback(sp);
                }
                out.add(new Manifest.FreshnessEntry(f.qualifiedTable(), f.column(), "", SqlErrors.cause(e)));
            }
        }
        return out;
    }
}

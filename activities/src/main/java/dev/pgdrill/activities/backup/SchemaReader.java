package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint;
import dev.pgdrill.core.catalog.SchemaFingerprint.SchemaObject;
import dev.pgdrill.core.db.SqlErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@link SchemaFingerprint} of a database: in the backup's snapshot for the manifest, and from a
 * restored database to compare with it. Catalog queries only, apart from the contents of materialized views
 * and large objects, which are hashed like tables.
 */
public final class SchemaReader {
    private SchemaReader() {}

    /** Every kind of {@link SchemaQueries#KINDS}, plus materialized view contents and large objects. */
    public static SchemaFingerprint read(Connection c) throws SQLException {
        return read(c, true);
    }

    /**
     * The catalog only, no data read: no materialized view contents, no large objects. What a live source
     * is read for, to compare a backup pgdrill did not make with it.
     */
    public static SchemaFingerprint readStructure(Connection c) throws SQLException {
        return read(c, false);
    }

    private static SchemaFingerprint read(Connection c, boolean contents) throws SQLException {
        Map<String, List<SchemaObject>> kinds = new LinkedHashMap<>();
        String searchPath = pinSearchPath(c, "pg_catalog");
        try {
            for (Map.Entry<String, String> kind : SchemaQueries.KINDS.entrySet()) {
                kinds.put(kind.getKey(), query(c, kind.getValue()));
            }
            if (contents) {
                kinds.put("matviews", withContents(c, kinds.get("matviews")));
                kinds.put("large_objects", largeObjects(c));
            }
        } finally {
            pinSearchPath(c, searchPath);
        }
        return new SchemaFingerprint(SchemaFingerprint.VERSION, kinds);
    }

    /** One kind, read as {@link #read} reads it (verification re-reads ACLs after applying the archive's). */
    public static List<SchemaObject> readKind(Connection c, String kind) throws SQLException {
        String searchPath = pinSearchPath(c, "pg_catalog");
        try {
            return query(c, SchemaQueries.KINDS.get(kind));
        } finally {
            pinSearchPath(c, searchPath);
        }
    }

    /** Sets search_path for the session (in a transaction, until it ends) and returns the previous one. */
    static String pinSearchPath(Connection c, String path) throws SQLException {
        try (var ps =
                c.prepareStatement("SELECT current_setting('search_path'), set_config('search_path', ?, false)")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Column 1 is the key; every other non-empty column an attribute named by its label. */
    private static List<SchemaObject> query(Connection c, String sql) throws SQLException {
        List<SchemaObject> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> attributes = new TreeMap<>();
                for (int i = 2; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    if (v != null && !v.isEmpty()) {
                        attributes.put(md.getColumnLabel(i), v);
                    }
                }
                out.add(new SchemaObject(rs.getString(1), attributes));
            }
        }
        return out;
    }

    /** A populated materialized view's row count and content checksum, as a table's. */
    private static List<SchemaObject> withContents(Connection c, List<SchemaObject> matviews) throws SQLException {
        List<SchemaObject> out = new ArrayList<>();
        for (SchemaObject v : matviews) {
            Map<String, String> attributes = new TreeMap<>(v.attributes());
            if (v.get("populated").isEmpty()) {
                String[] name = v.key().split("\\.", 2);
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery(
                                TableChecksum.sql(name[0], name[1], Manifest.TableEntry.ROW_TEXT, ""))) {
                    rs.next();
                    attributes.put("rows", rs.getString(1));
                    attributes.put("content_checksum", rs.getString(2));
                }
            }
            out.add(new SchemaObject(v.key(), attributes));
        }
        return out;
    }

    /**
     * Reading large objects' contents needs SELECT on each; without it the count is still recorded and the
     * reason kept, and a savepoint keeps the backup's snapshot transaction usable.
     */
    private static List<SchemaObject> largeObjects(Connection c) throws SQLException {
        SchemaObject count = query(c, SchemaQueries.LARGE_OBJECT_COUNT).get(0);
        Map<String, String> attributes = new TreeMap<>(count.attributes());
        Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(SchemaQueries.LARGE_OBJECT_HASH)) {
            rs.next();
            attributes.put("content_hash", rs.getString(1));
        } catch (SQLException e) {
            if (sp != null) {
                c.rollback(sp);
            }
            attributes.put("unreadable", SqlErrors.cause(e));
        }
        return List.of(new SchemaObject(count.key(), attributes));
    }
}

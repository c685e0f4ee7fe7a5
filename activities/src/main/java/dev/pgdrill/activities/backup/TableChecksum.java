package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Set;

/**
 * The one definition of a table's content checksum, used when a backup is taken and when a restore is
 * verified: the sum over rows of a 64-bit hash of the row. A sum is independent of row order, so a restored
 * table (rows in another physical order) gives the same value. Three ways to hash a row, recorded per table in
 * the manifest ({@link Manifest.TableEntry#checksumMethod}) so verification hashes the restored rows the same:
 *
 * <ul>
 *   <li>{@link Manifest.TableEntry#COLUMN_HASH} ({@link ColumnHash}, PostgreSQL 14+): each value in its binary
 *       form with its type's extended hash function, no record built per row and no text conversion. Chosen when
 *       the table's row type has an extended hash, that is when every column's type (arrays, ranges and
 *       composites element by element) has a hash operator class.
 *   <li>{@link Manifest.TableEntry#HASH_RECORD}: {@code hash_record_extended(row, 0)}, the same functions through
 *       a record built per row (about 2.7 times the hashing). Chosen before {@code column-hash} existed, and still
 *       where a table's column expression does not plan (a type this pgdrill does not foresee).
 *   <li>{@link Manifest.TableEntry#ROW_TEXT}: {@code hashtextextended(row::text, 0)}, for every other table
 *       ({@code point}, {@code xml}, {@code json} columns, ...) and older servers. Row text depends on session
 *       settings, so both sides pin them first ({@link #pinSessionSettings}).
 * </ul>
 */
public final class TableChecksum {
    /** The first PostgreSQL with {@code hash_record_extended}. */
    private static final int HASH_RECORD_SINCE = 14;

    /**
     * Whether any type a table's rows hold (its columns', and through domains, arrays, composites and ranges
     * every type inside them) hashes an OID a restore does not keep: an enum's value is hashed as its label's
     * OID and the reg* types as the object's OID, both new in a restored database (their text, the label or
     * the name, is what survives, so such tables keep the row-text method).
     */
    private static final String HASHES_AN_OID = "WITH RECURSIVE types(oid) AS ("
            + " SELECT a.atttypid FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0"
            + " AND NOT a.attisdropped"
            + " UNION SELECT inner_type FROM types t JOIN pg_type ty ON ty.oid = t.oid, LATERAL ("
            + " SELECT ty.typbasetype WHERE ty.typtype = 'd'"
            + " UNION ALL SELECT ty.typelem WHERE ty.typelem <> 0 AND ty.typlen = -1"
            + " UNION ALL SELECT ca.atttypid FROM pg_attribute ca WHERE ty.typtype = 'c' AND ca.attrelid = ty.typrelid"
            + " AND ca.attnum > 0 AND NOT ca.attisdropped"
            + " UNION ALL SELECT r.rngsubtype FROM pg_range r WHERE r.rngtypid = ty.oid OR r.rngmultitypid = ty.oid"
            + ") inner_types(inner_type))"
            + " SELECT EXISTS (SELECT 1 FROM types t JOIN pg_type ty ON ty.oid = t.oid WHERE ty.typtype = 'e'"
            + " OR (ty.typnamespace = 'pg_catalog'::regnamespace AND ty.typname LIKE 'reg%'))";

    private TableChecksum() {}

    /** Pins the settings that change how values print as text (dates, floats, bytea, intervals). */
    public static void pinSessionSettings(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("SET DateStyle = 'ISO, YMD'");
            st.execute("SET IntervalStyle = 'postgres'");
            st.execute("SET extra_float_digits = 3");
            st.execute("SET bytea_output = 'hex'");
        }
    }

    /**
     * The cheapest method that hashes every row of the table the same before and after a restore. Asks PostgreSQL's
     * own type cache, which {@code hash_record_extended} uses: an array of the row type with one NULL element makes
     * {@code hash_array_extended} look up the row type's extended hash (composite types check every field,
     * arrays and ranges their elements) without reading a row; then plans the table's {@link ColumnHash}
     * expression ({@code rowHash}) without running it. A failed probe is rolled back to a savepoint, so the
     * backup's snapshot transaction goes on.
     */
    static String method(Connection c, int serverMajor, String schema, String table, String rowHash)
            throws SQLException {
        if (serverMajor < HASH_RECORD_SINCE || hashesAnOid(c, schema, table)) {
            return Manifest.TableEntry.ROW_TEXT;
        }
        if (!plans(
                c, "SELECT hash_array_extended(ARRAY[NULL::" + qualified(schema, table) + "], 0)", Set.of("42883"))) {
            return Manifest.TableEntry.ROW_TEXT; // undefined_function: no extended hash for some column
        }
        return plans(c, "SELECT " + rowHash + " FROM ONLY " + qualified(schema, table) + " t LIMIT 0", UNPLANNABLE)
                ? Manifest.TableEntry.COLUMN_HASH
                : Manifest.TableEntry.HASH_RECORD;
    }

    /**
     * Why an expression does not plan: no such function, a type that does not match or cannot be resolved or
     * coerced, an ambiguous call. Anything else (a cancelled statement, a lock timeout) is not about the expression.
     */
    private static final Set<String> UNPLANNABLE = Set.of("42883", "42804", "42P18", "42725", "42846");

    /**
     * Whether {@code sql} runs; a failure with one of {@code expected} is false, rolled back to a savepoint inside a
     * transaction; any other is thrown.
     */
    private static boolean plans(Connection c, String sql, Set<String> expected) throws SQLException {
        Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            if (sp != null) {
                c.releaseSavepoint(sp);
            }
            return true;
        } catch (SQLException e) {
            if (!expected.contains(e.getSQLState())) {
                throw e;
            }
            if (sp != null) {
                c.rollback(sp);
            }
            return false;
        }
    }

    private static boolean hashesAnOid(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HASHES_AN_OID)) {
            ps.setString(1, qualified(schema, table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * {@code count(*)} and the checksum of one table by {@code method}, as one query (one scan). The row is
     * {@code t.*}: a bare {@code t} would mean a column of that name, where a table has one.
     *
     * @param rowHash the table's {@link ColumnHash} expression, for {@code column-hash} (else unused)
     */
    public static String sql(String schema, String table, String method, String rowHash) {
        String hash =
                switch (method) {
                    case Manifest.TableEntry.COLUMN_HASH -> rowHash;
                    case Manifest.TableEntry.HASH_RECORD -> "hash_record_extended(t.*, 0)";
                    case Manifest.TableEntry.ROW_TEXT -> "hashtextextended(t.*::text, 0)";
                    default ->
                        throw new IllegalArgumentException(
                                "unknown checksum method '" + method + "' (the backup was made by a newer pgdrill)");
                };
        return "SELECT count(*), coalesce(sum(" + hash + "), 0)::text FROM ONLY " + qualified(schema, table) + " t";
    }

    /** Counts and hashes one table in one scan. */
    public static Manifest.TableEntry scan(Connection c, String schema, String table, String method, String rowHash)
            throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql(schema, table, method, rowHash))) {
            rs.next();
            return new Manifest.TableEntry(schema, table, rs.getLong(1), rs.getString(2), method);
        }
    }

    private static String qualified(String schema, String table) {
        return Sql.ident(schema) + "." + Sql.ident(table);
    }
}

package dev.pgdrill.activities.backup;

import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one definition of a table's content checksum, used when a backup is taken and when a restore is
 * verified: the sum over rows of {@code hashtextextended(row::text, 0)} (64-bit, PostgreSQL 11+). A sum is
 * independent of row order, so a restored table (rows in another physical order) gives the same value.
 * Row text depends on session settings, so both sides pin them first.
 */
public final class TableChecksum {
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

    /** {@code count(*)} and the checksum of one table, as one query (one scan). */
    public static String sql(String schema, String table) {
        return "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM ONLY " + Sql.ident(schema)
                + "." + Sql.ident(table) + " t";
    }
}

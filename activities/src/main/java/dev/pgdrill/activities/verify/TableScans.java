package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.backup.DatabaseContents.TableRef;
import dev.pgdrill.activities.backup.TableChecksum;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.db.Sql;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A restored table's count and checksum, read in one scan, or for a large table in block ranges that several
 * connections read side by side (PostgreSQL 14+ scans a {@code ctid} range without reading the rest): a
 * count and a sum of row hashes add up, so the parts' totals are the table's, exactly as one scan gives.
 */
final class TableScans {
    /** Below this a table is read in one go; above, in parts of about this size. */
    static final long PART_BYTES = 64L << 20;
    /** The first PostgreSQL with TID range scans. */
    private static final int TID_RANGES_SINCE = 14;

    /**
     * A range of a table's blocks to count and hash.
     *
     * @param method  how the manifest hashed the table; empty: only counted (a table the manifest lacks)
     * @param rowHash the table's row hash expression for {@code column-hash} ({@code ColumnHash}), else empty
     * @param toBlock exclusive; -1 for the rest of the table (rows a part boundary would miss included)
     */
    record Part(TableRef table, String method, String rowHash, long fromBlock, long toBlock, long bytes) {}

    /** @param sum the part's sum of row hashes, or null when only counted */
    record Partial(long rows, BigInteger sum) {}

    private TableScans() {}

    /** The parts of one table: enough for {@code jobs} connections to share it, none much smaller than a part. */
    static List<Part> parts(TableRef t, String method, String rowHash, int serverMajor, int jobs) {
        long n = Math.min(jobs, t.bytes() / PART_BYTES);
        if (method.isEmpty() || serverMajor < TID_RANGES_SINCE || n < 2 || t.blocks() < n) {
            return List.of(new Part(t, method, rowHash, 0, -1, t.bytes()));
        }
        List<Part> parts = new ArrayList<>();
        long step = t.blocks() / n;
        for (long i = 0; i < n; i++) {
            parts.add(new Part(t, method, rowHash, i * step, i == n - 1 ? -1 : (i + 1) * step, t.bytes() / n));
        }
        return parts;
    }

    static Partial scan(Connection c, Part p) throws SQLException {
        String table = Sql.ident(p.table().schema()) + "." + Sql.ident(p.table().name());
        String sql = p.method().isEmpty()
                ? "SELECT count(*), NULL FROM ONLY " + table + " t"
                : TableChecksum.sql(p.table().schema(), p.table().name(), p.method(), p.rowHash());
        if (p.fromBlock() > 0 || p.toBlock() >= 0) {
            sql += " WHERE t.ctid >= '(" + p.fromBlock() + ",0)'::tid"
                    + (p.toBlock() >= 0 ? " AND t.ctid < '(" + p.toBlock() + ",0)'::tid" : "");
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            String sum = rs.getString(2);
            return new Partial(rs.getLong(1), sum == null ? null : new BigInteger(sum));
        }
    }

    /** The table's entry from its parts' totals. */
    static Manifest.TableEntry combine(TableRef t, String method, List<Partial> partials) {
        long rows = 0;
        BigInteger sum = BigInteger.ZERO;
        for (Partial p : partials) {
            rows += p.rows();
            sum = p.sum() == null ? sum : sum.add(p.sum());
        }
        return new Manifest.TableEntry(t.schema(), t.name(), rows, method.isEmpty() ? "" : sum.toString(), method);
    }
}

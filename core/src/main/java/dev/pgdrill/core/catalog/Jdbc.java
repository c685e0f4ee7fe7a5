package dev.pgdrill.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.core.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stores' JDBC plumbing: one connection per call, parameters bound by type (an {@link Instant} as a
 * timestamp), rows through a mapper, and every {@link SQLException} turned into a {@link CatalogException}
 * that names what the caller was doing.
 */
final class Jdbc {
    /** Opens a connection to the catalog with the search path set. */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** Reads the current row; never advances the result set. */
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on one open connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Opener opener;

    Jdbc(Opener opener) {
        this.opener = opener;
    }

    /** Runs {@code work} on a fresh connection (autocommit on); {@code verb} says what failed, if it does. */
    <T> T withConnection(String verb, Work<T> work) {
        try (Connection c = opener.open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new CatalogException(verb, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, abandoned when it throws. */
    <T> T inTransaction(String verb, Work<T> work) {
        return withConnection(verb, c -> {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            return result;
        });
    }

    <T> List<T> query(String verb, String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(verb, c -> query(c, sql, mapper, params));
    }

    /** The first row, if any. */
    <T> Optional<T> queryFirst(String verb, String sql, RowMapper<T> mapper, Object... params) {
        return query(verb, sql, mapper, params).stream().findFirst();
    }

    /** Returns the number of rows changed. */
    int update(String verb, String sql, Object... params) {
        return withConnection(verb, c -> update(c, sql, params));
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** One statement, executed once per parameter row in a single round trip. */
    static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    /** A nullable timestamp column. */
    static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
    }

    /** The JSON text for a jsonb parameter (bind it as {@code ?::jsonb}). */
    static String toJson(Object value) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException(
                    "unable to serialize " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a jsonb column fetched as text; {@code what} names it in the error. */
    static <T> T fromJson(String json, Class<T> type, String what) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable " + what + " in the catalog: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode tree(String json, String what) throws SQLException {
        return fromJson(json, JsonNode.class, what);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            bind(ps, params);
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
    }
}

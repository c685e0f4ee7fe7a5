package dev.pgdrill.activities.restore;

import dev.pgdrill.core.db.Sql;
import dev.pgdrill.core.tools.ChildEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a dump's tables a restore loads itself over several connections ({@link SplitCopy}) instead of leaving
 * to pg_restore's one COPY: a table whose data file is at least a given size, a plain table (no partition,
 * inheritance or type behind it, whose columns are then exactly the dump's: pg_dump creates it with its columns in
 * their order and copies every one that is not generated), in a dump whose session speaks UTF-8 (all the JDBC
 * driver speaks). Anything else stays pg_restore's, as before.
 */
final class SplitLoad {
    /** Below this (stored size of a data file) a table is left to pg_restore: splitting buys nothing. */
    static final long DEFAULT_MIN_BYTES = 64L << 20;

    private static final Pattern TABLE_DATA = Pattern.compile("^(\\d+); \\d+ \\d+ TABLE DATA (.+)$");

    /** A TABLE DATA entry large enough to split: its {@code pg_restore -l} line and its data file. */
    record Candidate(String line, String rest, Path file, long bytes) {}

    /** A candidate found in the restored catalog: what to COPY into. */
    record Table(Candidate entry, String qualified, String copySql) {}

    private SplitLoad() {}

    /**
     * The TABLE DATA entries whose uncompressed data file ({@code <id>.dat}, a file or a pipe) is in {@code dump}
     * and was stored with at least {@code minBytes}, largest first.
     *
     * @param storedSizes plain file name ({@code 3358.dat}) → stored size, from the manifest
     */
    static List<Candidate> candidates(TableOfContents toc, Path dump, Map<String, Long> storedSizes, long minBytes) {
        List<Candidate> out = new ArrayList<>();
        if (!toc.read()) {
            return out;
        }
        for (String line : toc.lines()) {
            Matcher m = TABLE_DATA.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1) + ".dat";
            long bytes = storedSizes.getOrDefault(name, 0L);
            Path file = dump.resolve(name);
            if (bytes >= minBytes && Files.exists(file)) {
                out.add(new Candidate(line, m.group(2), file, bytes));
            }
        }
        out.sort(Comparator.comparingLong(Candidate::bytes).reversed());
        return out;
    }

    /**
     * The dump's session settings, the {@code SET}s pg_restore sends before anything else (read from the table of
     * contents alone: {@code pg_restore -f -} with an empty use-list), without client_encoding; empty when the
     * dump's encoding is not UTF-8.
     */
    static Optional<List<String>> session(Path pgRestore, Path dump, Path folder)
            throws IOException, InterruptedException {
        Path empty = Files.writeString(folder.resolve("empty.list"), "");
        Process p = ChildEnvironment.processBuilder(
                        List.of(pgRestore.toString(), "-f", "-", "--use-list=" + empty, dump.toString()), Map.of())
                .redirectErrorStream(true)
                .start();
        List<String> sets = new ArrayList<>();
        boolean utf8 = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("SET client_encoding = ")) {
                    utf8 = line.equals("SET client_encoding = 'UTF8';");
                } else if (line.startsWith("SET ") || line.startsWith("SELECT pg_catalog.set_config(")) {
                    sets.add(line);
                }
            }
        }
        boolean ok = p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        return ok && utf8 ? Optional.of(List.copyOf(sets)) : Optional.empty();
    }

    /** The candidates that name exactly one plain table of the restored schema, with their COPY statement. */
    static List<Table> resolve(Connection c, List<Candidate> candidates) throws SQLException {
        record Plain(String schema, String name, long oid) {}
        List<Plain> plain = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                        "SELECT n.nspname, c.relname, c.oid FROM pg_class c"
                                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE c.relkind = 'r' AND NOT c.relispartition AND c.reloftype = 0"
                                + " AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                plain.add(new Plain(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        List<Table> out = new ArrayList<>();
        for (Candidate k : candidates) {
            // pg_restore -l prints "schema name owner" unquoted: take it only when one table fits.
            List<Plain> fits = plain.stream()
                    .filter(t -> k.rest().startsWith(t.schema() + " " + t.name() + " ")
                            || k.rest().equals(t.schema() + " " + t.name()))
                    .toList();
            if (fits.size() != 1) {
                continue;
            }
            Plain t = fits.get(0);
            List<String> columns = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = ?"
                    + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
                st.setLong(1, t.oid());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        columns.add(Sql.ident(rs.getString(1)));
                    }
                }
            }
            if (columns.isEmpty()) {
                continue;
            }
            String qualified = Sql.ident(t.schema()) + "." + Sql.ident(t.name());
            out.add(new Table(k, qualified, "COPY " + qualified + " (" + String.join(", ", columns) + ") FROM STDIN"));
        }
        return out;
    }
}

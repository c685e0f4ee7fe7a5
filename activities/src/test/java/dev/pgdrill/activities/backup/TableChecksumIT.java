package dev.pgdrill.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The column-hash checksum on a real server: an expression that plans for every kind of column type, the same sum
 * for the same rows in any order and table, another for rows that differ in any way a restore could get wrong.
 */
@ExtendWith(PostgresExtension.class)
class TableChecksumIT {
    private final PostgresCluster pg;

    TableChecksumIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @Test
    void everyKindOfColumnIsHashedAndTheSameRowsInAnotherOrderSumTheSame() throws Exception {
        pg.createDatabase("checksum_types");
        pg.execute(
                "checksum_types",
                "CREATE TYPE pair AS (a int, b text)",
                "CREATE DOMAIN short_text AS varchar(10)",
                "CREATE DOMAIN shorter_text AS short_text CHECK (length(VALUE) < 8)",
                "CREATE TABLE every_kind (id bigint, flag boolean, day date, small smallint, f4 real,"
                        + " f8 double precision, n numeric, t text, v varchar(20), c char(3), ch \"char\", u uuid,"
                        + " j jsonb, b bytea, i interval, tm time, tz timetz, ts timestamp, tstz timestamptz,"
                        + " ip inet, net cidr, mac macaddr, r int4range, mr int4multirange, arr text[], grid int[],"
                        + " p pair, ps pair[], d shorter_text, dropped int, nm name, lsn pg_lsn)",
                "ALTER TABLE every_kind DROP COLUMN dropped",
                "INSERT INTO every_kind SELECT i, i % 2 = 0, CASE i WHEN 1 THEN 'infinity'::date"
                        + " WHEN 2 THEN '-infinity' ELSE date '2026-01-01' + i END, i::smallint, i / 3.0,"
                        + " CASE i WHEN 3 THEN 'NaN'::float8 WHEN 4 THEN '-0' ELSE i / 7.0 END,"
                        + " CASE i WHEN 5 THEN 'NaN'::numeric ELSE i * 1.25 END, 'row ' || i, 'v' || i, 'c' || (i % 9),"
                        + " chr(65 + i % 26)::\"char\", md5(i::text)::uuid, jsonb_build_object('i', i),"
                        + " decode(md5(i::text), 'hex'), i * interval '1 minute', time '00:00' + i * interval '1 s',"
                        + " timetz '00:00+02' + i * interval '1 s', timestamp '2026-01-01' + i * interval '1 h',"
                        + " CASE i WHEN 6 THEN 'infinity'::timestamptz ELSE timestamptz '2026-01-01 00:00+00'"
                        + " + i * interval '1 h' END, ('10.0.0.' || i % 250)::inet, ('10.' || i % 250 || '.0.0/16')::cidr,"
                        + " ('08:00:2b:01:02:' || lpad(to_hex(i % 256), 2, '0'))::macaddr, int4range(i, i + 10),"
                        + " int4multirange(int4range(i, i + 1), int4range(i + 5, i + 6)), ARRAY['a' || i, NULL],"
                        + " ARRAY[[i, i + 1], [i + 2, i + 3]], ROW(i, 'p' || i)::pair, ARRAY[ROW(i, 'q')::pair],"
                        + " 'd' || (i % 100), ('n' || i)::name, ('0/' || to_hex(i))::pg_lsn"
                        + " FROM generate_series(1, 400) i",
                "INSERT INTO every_kind (id) VALUES (0)", // every other column NULL
                "CREATE TABLE every_kind_copy (LIKE every_kind)",
                "INSERT INTO every_kind_copy SELECT * FROM every_kind ORDER BY random()");
        try (Connection c = pg.connect("checksum_types")) {
            TableChecksum.pinSessionSettings(c);
            Map<String, String> rowHashes = ColumnHash.expressions(c, DatabaseContents.tables(c));
            String rowHash = rowHashes.get("public.every_kind");
            assertThat(rowHash)
                    .as("a direct call where the type's own function takes it, no record built per row but"
                            + " for the types without one")
                    .contains("pg_catalog.hashint8extended(t.\"id\", 1)")
                    .contains("pg_catalog.hashtextextended((t.\"v\")::pg_catalog.text, 9)")
                    .contains("pg_catalog.hashint4extended((t.\"flag\")::pg_catalog.int4, 2)")
                    .contains("pg_catalog.timestamp_hash_extended((t.\"tstz\") AT TIME ZONE 'UTC', 19)")
                    .contains("pg_catalog.hashint8extended(pg_catalog.hash_record_extended(ROW(t.\"day\"), 3), 3)")
                    .contains("pg_catalog.hashint8extended(pg_catalog.hash_array_extended(t.\"arr\", 25), 25)")
                    .contains("pg_catalog.hashint8extended(pg_catalog.hash_multirange_extended(t.\"mr\", 24), 24)")
                    .contains("pg_catalog.hashint8extended(pg_catalog.hash_record_extended(t.\"p\", 27), 27)")
                    .contains("pg_catalog.hashtextextended((t.\"d\")::pg_catalog.text, 29)")
                    .doesNotContain("dropped");
            assertThat(TableChecksum.method(c, 15, "public", "every_kind", rowHash))
                    .isEqualTo(Manifest.TableEntry.COLUMN_HASH);
            Manifest.TableEntry original =
                    TableChecksum.scan(c, "public", "every_kind", Manifest.TableEntry.COLUMN_HASH, rowHash);
            Manifest.TableEntry copy = TableChecksum.scan(
                    c,
                    "public",
                    "every_kind_copy",
                    Manifest.TableEntry.COLUMN_HASH,
                    rowHashes.get("public.every_kind_copy"));
            assertThat(original.rowCount()).isEqualTo(401);
            assertThat(copy.checksum()).isEqualTo(original.checksum());
            assertThat(TableChecksum.scan(c, "public", "every_kind_copy", Manifest.TableEntry.HASH_RECORD, "")
                            .checksum())
                    .as("a manifest of an older pgdrill (hash-record) still verifies")
                    .isEqualTo(TableChecksum.scan(c, "public", "every_kind", Manifest.TableEntry.HASH_RECORD, "")
                            .checksum());

            pg.execute(
                    "checksum_types", "UPDATE every_kind_copy SET tstz = tstz + interval '1 microsecond' WHERE id = 9");
            assertThat(checksum(c, "every_kind_copy", rowHashes)).isNotEqualTo(original.checksum());
            pg.execute(
                    "checksum_types",
                    "UPDATE every_kind_copy SET tstz = tstz - interval '1 microsecond' WHERE id = 9",
                    "UPDATE every_kind_copy SET day = NULL WHERE id = 1");
            assertThat(checksum(c, "every_kind_copy", rowHashes))
                    .as("infinity set to NULL")
                    .isNotEqualTo(original.checksum());
        }
    }

    @Test
    void valuesMovedBetweenColumnsOrRowsOrSetToNullChangeTheSum() throws Exception {
        pg.createDatabase("checksum_moves");
        pg.execute(
                "checksum_moves",
                "CREATE TABLE base (a int, b int)",
                "INSERT INTO base VALUES (1, 2), (3, 4)",
                "CREATE TABLE reordered (a int, b int)",
                "INSERT INTO reordered VALUES (3, 4), (1, 2)",
                "CREATE TABLE swapped_in_row (a int, b int)",
                "INSERT INTO swapped_in_row VALUES (2, 1), (4, 3)",
                "CREATE TABLE swapped_across_rows (a int, b int)",
                "INSERT INTO swapped_across_rows VALUES (1, 4), (3, 2)",
                "CREATE TABLE one_null (a int, b int)",
                "INSERT INTO one_null VALUES (1, NULL), (3, 4)",
                "CREATE TABLE duplicated (a int, b int)",
                "INSERT INTO duplicated VALUES (1, 2), (3, 4), (3, 4)",
                "CREATE TABLE twice_zero (a int, b int)",
                "INSERT INTO twice_zero VALUES (0, 0), (0, 0)",
                "CREATE TABLE twice_null (a int, b int)",
                "INSERT INTO twice_null VALUES (NULL, NULL), (NULL, NULL)",
                "CREATE TABLE empty_arrays (x int[], y int[], d1 date, d2 date)",
                "INSERT INTO empty_arrays VALUES ('{}', '{}', NULL, NULL)",
                "CREATE TABLE null_arrays (x int[], y int[], d1 date, d2 date)",
                "INSERT INTO null_arrays VALUES ('{NULL}', '{NULL}', NULL, NULL)",
                "CREATE TABLE dates_set (x int[], y int[], d1 date, d2 date)",
                "INSERT INTO dates_set VALUES ('{}', '{}', '2026-01-01', '2026-01-01')",
                "CREATE TABLE no_arrays (x int[], y int[], d1 date, d2 date)",
                "INSERT INTO no_arrays VALUES (NULL, '{}', NULL, NULL)",
                "CREATE TABLE float_zero (f float8)",
                "INSERT INTO float_zero VALUES (0)",
                "CREATE TABLE float_null (f float8)",
                "INSERT INTO float_null VALUES (NULL)",
                "CREATE TABLE text_a (v varchar(5))",
                "INSERT INTO text_a VALUES ('a')",
                "CREATE TABLE text_a_blank (v varchar(5))",
                "INSERT INTO text_a_blank VALUES ('a ')");
        try (Connection c = pg.connect("checksum_moves")) {
            Map<String, String> rowHashes = ColumnHash.expressions(c, DatabaseContents.tables(c));
            String base = checksum(c, "base", rowHashes);
            assertThat(checksum(c, "reordered", rowHashes)).isEqualTo(base);
            for (String other : List.of("swapped_in_row", "swapped_across_rows", "one_null", "duplicated")) {
                assertThat(checksum(c, other, rowHashes)).as(other).isNotEqualTo(base);
            }
            assertThat(checksum(c, "twice_zero", rowHashes)).isNotEqualTo(checksum(c, "twice_null", rowHashes));
            // values whose own hash ignores the seed (an empty or all-NULL array, a record of NULLs, a float zero)
            for (String other : List.of("null_arrays", "dates_set", "no_arrays")) {
                assertThat(checksum(c, other, rowHashes))
                        .as("empty arrays and NULL dates against " + other)
                        .isNotEqualTo(checksum(c, "empty_arrays", rowHashes));
            }
            assertThat(checksum(c, "float_zero", rowHashes)).isNotEqualTo(checksum(c, "float_null", rowHashes));
            assertThat(checksum(c, "text_a", rowHashes))
                    .as("a varchar's trailing blank counts (hashed as text, not as char)")
                    .isNotEqualTo(checksum(c, "text_a_blank", rowHashes));
        }
    }

    @Test
    void aTableWithoutColumnsAndNoTablesAtAll() throws Exception {
        pg.createDatabase("checksum_empty");
        pg.execute("checksum_empty", "CREATE TABLE nothing ()", "INSERT INTO nothing DEFAULT VALUES");
        try (Connection c = pg.connect("checksum_empty")) {
            Map<String, String> rowHashes = ColumnHash.expressions(c, DatabaseContents.tables(c));
            assertThat(rowHashes).containsEntry("public.nothing", "0::bigint");
            assertThat(TableChecksum.scan(c, "public", "nothing", Manifest.TableEntry.COLUMN_HASH, "0::bigint"))
                    .isEqualTo(new Manifest.TableEntry("public", "nothing", 1, "0", Manifest.TableEntry.COLUMN_HASH));
            assertThat(ColumnHash.expressions(c, List.of())).isEmpty();
        }
    }

    private static String checksum(Connection c, String table, Map<String, String> rowHashes) throws SQLException {
        return TableChecksum.scan(c, "public", table, Manifest.TableEntry.COLUMN_HASH, rowHashes.get("public." + table))
                .checksum();
    }
}

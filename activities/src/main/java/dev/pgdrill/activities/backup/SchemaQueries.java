package dev.pgdrill.activities.backup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the schema fingerprint reads, one query per kind: the first column is the object's key, every other
 * column an attribute named by its label. Run with {@code search_path = pg_catalog}, so every name a
 * definition prints is schema-qualified whoever reads it. User objects only: not the catalogs, not what an
 * extension brought (CREATE EXTENSION brings it back), and OIDs never enter a key (a restore renumbers them).
 */
final class SchemaQueries {
    private static final String USER_SCHEMA = "%1$s.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND %1$s.nspname NOT LIKE 'pg\\_toast%%' AND %1$s.nspname NOT LIKE 'pg\\_temp%%'";
    private static final String NOT_FROM_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend e"
            + " WHERE e.classid = '%s'::regclass AND e.objid = %s AND e.deptype = 'e')";
    /** Objects of the database itself, not of the catalog's bootstrap (FirstNormalObjectId). */
    private static final String USER_OBJECT = "x.oid >= 16384 AND coalesce(o.schema, '') NOT IN ('pg_catalog',"
            + " 'information_schema') AND coalesce(o.schema, '') NOT LIKE 'pg\\_toast%' AND NOT EXISTS (SELECT 1"
            + " FROM pg_depend e WHERE e.classid = x.classid AND e.objid = x.oid AND e.deptype = 'e')";

    private static final String USER_RELATION = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE " + USER_SCHEMA.formatted("n") + " AND " + NOT_FROM_EXTENSION.formatted("pg_class", "c.oid");

    /** Relations, schemas and routines, with their owner: what owners and ACLs are kept on. */
    private static final String OWNED =
            "SELECT 'pg_class'::regclass AS classid, c.oid, 0 AS subid, c.relowner AS owner,"
                    + " coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\","
                    + " c.relowner)) AS acl FROM pg_class c WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')"
                    + " UNION ALL SELECT 'pg_class'::regclass, a.attrelid, a.attnum, c.relowner, a.attacl FROM pg_attribute a"
                    + " JOIN pg_class c ON c.oid = a.attrelid WHERE a.attacl IS NOT NULL AND a.attnum > 0"
                    + " UNION ALL SELECT 'pg_namespace'::regclass, n.oid, 0, n.nspowner,"
                    + " coalesce(n.nspacl, acldefault('n'::\"char\", n.nspowner)) FROM pg_namespace n"
                    + " UNION ALL SELECT 'pg_proc'::regclass, p.oid, 0, p.proowner,"
                    + " coalesce(p.proacl, acldefault('f'::\"char\", p.proowner)) FROM pg_proc p";

    /**
     * Privileges granted to others than the owner (the owner's own are implied, and a restore without
     * owners gives objects another owner), without the grantor: {@code grantee:PRIV,PRIV*} ({@code *} with
     * grant option), objects with no such grant left out. A NULL ACL is read as the type's default.
     */
    static final String ACLS = "SELECT o.type || ' ' || o.identity AS key, (SELECT string_agg(g.grantee || ':' ||"
            + " g.privs, ' ' ORDER BY g.grantee) FROM (SELECT CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE"
            + " pg_get_userbyid(e.grantee)::text END AS grantee, string_agg(e.privilege_type || CASE WHEN"
            + " e.is_grantable THEN '*' ELSE '' END, ',' ORDER BY e.privilege_type) AS privs FROM aclexplode(x.acl) e"
            + " WHERE e.grantee <> x.owner GROUP BY 1) g) AS privileges FROM (" + OWNED
            + ") x, LATERAL pg_identify_object(x.classid, x.oid, x.subid) o WHERE " + USER_OBJECT
            + " AND EXISTS (SELECT 1 FROM aclexplode(x.acl) e WHERE e.grantee <> x.owner) ORDER BY 1";

    /** Kind → query, in the order the checks report them. */
    static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(
                "schemas",
                "SELECT n.nspname AS key FROM pg_namespace n WHERE " + USER_SCHEMA.formatted("n") + " AND "
                        + NOT_FROM_EXTENSION.formatted("pg_namespace", "n.oid") + " ORDER BY 1");
        KINDS.put(
                "tables",
                "SELECT n.nspname || '.' || c.relname AS key, CASE c.relkind WHEN 'p' THEN 'partitioned table'"
                        + " WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,"
                        + " CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE '' END AS persistence,"
                        + " pg_get_partkeydef(c.oid) AS partition_key,"
                        + " (SELECT string_agg(pn.nspname || '.' || p.relname, ', ' ORDER BY i.inhseqno) FROM pg_inherits i"
                        + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                        + " WHERE i.inhrelid = c.oid) AS parent,"
                        + " CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,"
                        + " array_to_string(c.reloptions, ',') AS options "
                        + USER_RELATION + " AND c.relkind IN ('r', 'p', 'f') ORDER BY 1");
        KINDS.put(
                "columns",
                "SELECT n.nspname || '.' || c.relname || '.' || a.attname AS key,"
                        + " format_type(a.atttypid, a.atttypmod) AS type,"
                        + " CASE WHEN a.attnotnull THEN 'not null' END AS not_null,"
                        + " pg_get_expr(d.adbin, d.adrelid) AS default_value, a.attidentity::text AS identity,"
                        + " a.attgenerated::text AS generated, CASE WHEN a.attcollation <> t.typcollation THEN"
                        + " (SELECT collname FROM pg_collation WHERE oid = a.attcollation) END AS collation"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND "
                        + USER_SCHEMA.formatted("n") + " AND " + NOT_FROM_EXTENSION.formatted("pg_class", "c.oid")
                        + " ORDER BY 1");
        KINDS.put(
                "indexes",
                "SELECT n.nspname || '.' || c.relname AS key, pg_get_indexdef(c.oid) AS definition,"
                        + " CASE WHEN NOT i.indisvalid THEN 'invalid' END AS validity FROM pg_index i"
                        + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE " + USER_SCHEMA.formatted("n") + " AND "
                        + NOT_FROM_EXTENSION.formatted("pg_class", "i.indrelid") + " ORDER BY 1");
        KINDS.put("views", views('v'));
        KINDS.put("matviews", views('m'));
        KINDS.put(
                "functions",
                "SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS key,"
                        + " CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window'"
                        + " ELSE 'function' END AS kind, pg_get_function_result(p.oid) AS result, l.lanname AS language,"
                        + " md5(coalesce(p.prosrc, '') || coalesce(p.probin, '')) AS body_md5,"
                        + " p.provolatile::text AS volatility, CASE WHEN p.prosecdef THEN 'security definer' END AS security,"
                        + " CASE WHEN p.proisstrict THEN 'strict' END AS strict, array_to_string(p.proconfig, ',') AS config"
                        + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                        + " WHERE " + USER_SCHEMA.formatted("n") + " AND "
                        + NOT_FROM_EXTENSION.formatted("pg_proc", "p.oid") + " ORDER BY 1");
        KINDS.put(
                "triggers",
                "SELECT n.nspname || '.' || c.relname || '.' || t.tgname AS key, pg_get_triggerdef(t.oid) AS definition,"
                        + " CASE t.tgenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica only'"
                        + " WHEN 'A' THEN 'always' END AS enabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND "
                        + USER_SCHEMA.formatted("n") + " AND " + NOT_FROM_EXTENSION.formatted("pg_class", "c.oid")
                        + " ORDER BY 1");
        KINDS.put(
                "rls",
                "SELECT n.nspname || '.' || c.relname AS key, CASE WHEN c.relrowsecurity THEN 'enabled' ELSE"
                        + " 'disabled' END AS row_security, CASE WHEN c.relforcerowsecurity THEN 'forced' END AS force,"
                        + " NULL AS command, NULL AS permissive, NULL AS roles, NULL AS using_expr, NULL AS check_expr "
                        + USER_RELATION + " AND (c.relrowsecurity OR c.relforcerowsecurity)"
                        + " UNION ALL SELECT n.nspname || '.' || c.relname || ' policy ' || p.polname, NULL, NULL,"
                        + " CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
                        + " WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, CASE WHEN p.polpermissive THEN 'permissive'"
                        + " ELSE 'restrictive' END, (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC'"
                        + " ELSE pg_get_userbyid(r)::text END, ',' ORDER BY 1) FROM unnest(p.polroles) r),"
                        + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)"
                        + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace ORDER BY 1");
        KINDS.put(
                "sequences",
                "SELECT s.schemaname || '.' || s.sequencename AS key, s.data_type::text AS type,"
                        + " s.increment_by::text AS increment, s.min_value::text AS min, s.max_value::text AS max,"
                        + " s.start_value::text AS start, CASE WHEN s.cycle THEN 'cycle' END AS cycle,"
                        + " s.last_value::text AS last_value FROM pg_sequences s"
                        + " JOIN pg_namespace n ON n.nspname = s.schemaname WHERE " + USER_SCHEMA.formatted("n")
                        + " ORDER BY 1");
        KINDS.put("extensions", "SELECT extname AS key, extversion AS version FROM pg_extension ORDER BY 1");
        KINDS.put(
                "comments",
                "SELECT o.type || ' ' || o.identity AS key, x.description AS text FROM (SELECT classoid AS classid,"
                        + " objoid AS oid, objsubid AS subid, description FROM pg_description) x,"
                        + " LATERAL pg_identify_object(x.classid, x.oid, x.subid) o WHERE " + USER_OBJECT
                        + " ORDER BY 1");
        KINDS.put(
                "event_triggers",
                "SELECT evtname AS key, evtevent AS event, CASE evtenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN"
                        + " 'disabled' WHEN 'R' THEN 'replica only' WHEN 'A' THEN 'always' END AS enabled,"
                        + " evtfoid::regproc::text AS function, array_to_string(evttags, ',') AS tags"
                        + " FROM pg_event_trigger ORDER BY 1");
        KINDS.put(
                "publications",
                "SELECT p.pubname AS key, CASE WHEN p.puballtables THEN 'all tables' END AS all_tables,"
                        + " concat_ws(',', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,"
                        + " CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END) AS actions,"
                        + " (SELECT string_agg(n.nspname || '.' || c.relname, ',' ORDER BY n.nspname, c.relname)"
                        + " FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.prpubid = p.oid) AS tables"
                        + " FROM pg_publication p ORDER BY 1");
        KINDS.put(
                "owners",
                "SELECT o.type || ' ' || o.identity AS key, pg_get_userbyid(x.owner) AS owner FROM (" + OWNED
                        + ") x, LATERAL pg_identify_object(x.classid, x.oid, 0) o WHERE x.subid = 0 AND " + USER_OBJECT
                        + " ORDER BY 1");
        KINDS.put("acls", ACLS);
    }

    /**
     * Large objects as one entry: how many, and a hash of every object's id and contents (pg_restore keeps
     * their ids, which tables refer to). Reading contents needs SELECT on each object, so it may fail.
     */
    static final String LARGE_OBJECT_COUNT =
            "SELECT 'large objects' AS key, count(*)::text AS count FROM pg_largeobject_metadata";

    static final String LARGE_OBJECT_HASH = "SELECT coalesce(sum(hashtextextended(oid::text || ':' ||"
            + " md5(lo_get(oid)), 0)), 0)::text FROM pg_largeobject_metadata";

    private SchemaQueries() {}

    private static String views(char relkind) {
        return "SELECT n.nspname || '.' || c.relname AS key, pg_get_viewdef(c.oid) AS definition,"
                + " array_to_string(c.reloptions, ',') AS options,"
                + " CASE WHEN NOT c.relispopulated THEN 'not populated' END AS populated " + USER_RELATION
                + " AND c.relkind = '" + relkind + "' ORDER BY 1";
    }
}

package dev.pgdrill.core.db;

/** SQL text helpers. Identifiers are always quoted; nothing from outside is pasted in unquoted. */
public final class Sql {
    private Sql() {}

    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

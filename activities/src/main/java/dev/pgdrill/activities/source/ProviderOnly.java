package dev.pgdrill.activities.source;

import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint;
import dev.pgdrill.core.catalog.SchemaFingerprint.SchemaObject;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a backup of a managed platform's database (Supabase) holds that cannot exist on the server a drill
 * restores into: policies for the platform's roles ({@code anon}, {@code authenticated}, {@code service_role},
 * {@code supabase_admin}…, roles are per server and pgdrill creates none) and extensions only the platform
 * installs ({@code pg_graphql}, {@code supabase_vault}, {@code pgsodium}…). The restore leaves them out, the
 * verification does not expect them, and each is reported as a SKIP naming what and why: never a silent pass,
 * never a failed drill for what the sandbox cannot hold. Grants to those roles are the {@code acls} check's
 * (already a SKIP when a grantee is missing).
 *
 * @param roles      roles the backup's policies name that this server lacks
 * @param extensions extensions the backup has that this server cannot install
 * @param policies   the policies left out ({@code schema.table policy name}), because they name a missing role
 */
public record ProviderOnly(Set<String> roles, Set<String> extensions, Set<String> policies) {
    public static final ProviderOnly NONE = new ProviderOnly(Set.of(), Set.of(), Set.of());
    public static final String ROLES_CHECK = "provider_roles";
    public static final String EXTENSIONS_CHECK = "provider_extensions";

    private static final String POLICY = " policy ";

    /** Reads what of {@code m} the server behind {@code target} lacks. */
    public static ProviderOnly of(Manifest m, Connection target) throws SQLException {
        Set<String> present = strings(target, "SELECT rolname FROM pg_catalog.pg_roles");
        Set<String> installable = strings(target, "SELECT name FROM pg_catalog.pg_available_extensions");
        Set<String> roles = new TreeSet<>();
        Set<String> policies = new TreeSet<>();
        for (SchemaObject p : fingerprint(m).of("rls")) {
            if (!p.key().contains(POLICY)) {
                continue;
            }
            for (String role : p.get("roles").split(",")) {
                String r = role.strip();
                if (!r.isEmpty() && !r.equals("PUBLIC") && !present.contains(r)) {
                    roles.add(r);
                    policies.add(p.key());
                }
            }
        }
        Set<String> extensions = new TreeSet<>();
        m.extensions().stream()
                .map(Manifest.ExtensionEntry::name)
                .filter(e -> !installable.contains(e))
                .forEach(extensions::add);
        return new ProviderOnly(roles, extensions, policies);
    }

    public boolean isEmpty() {
        return policies.isEmpty() && extensions.isEmpty();
    }

    /**
     * Whether pg_restore should leave a line of its table of contents ({@code pg_restore -l}) out:
     * {@code 215; 3079 16385 EXTENSION - pg_graphql}, its comment, or {@code 3400; 3256 16420 POLICY public todos
     * todos_owner postgres} for a policy naming a missing role.
     */
    public boolean leavesOut(String tocLine) {
        String line = tocLine.strip() + " "; // the owner field may be empty: every tag then ends with a space
        for (String e : extensions) {
            if (line.contains(" EXTENSION - " + e + " ") || line.contains(" COMMENT - EXTENSION " + e + " ")) {
                return true;
            }
        }
        for (String p : policies) {
            int at = p.indexOf(POLICY);
            String table = p.substring(0, at); // schema.table
            int dot = table.indexOf('.');
            String tag = " POLICY " + table.substring(0, dot) + " " + table.substring(dot + 1) + " "
                    + p.substring(at + POLICY.length()) + " ";
            if (line.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    /** The manifest as this server can bring it back: without what it leaves out. */
    public Manifest expected(Manifest m) {
        if (isEmpty() || m.schema().isEmpty()) {
            return m;
        }
        Map<String, List<SchemaObject>> kinds = new LinkedHashMap<>();
        m.schema()
                .get()
                .kinds()
                .forEach((kind, objects) -> kinds.put(
                        kind,
                        objects.stream().filter(o -> !leftOut(kind, o.key())).toList()));
        return new Manifest(
                m.formatVersion(),
                m.backupId(),
                m.profile(),
                m.database(),
                m.kind(),
                m.serverVersion(),
                m.pgDumpVersion(),
                m.startedAt(),
                m.finishedAt(),
                m.format(),
                m.jobs(),
                m.encryption(),
                m.tables(),
                m.constraints(),
                m.indexes(),
                m.sequences(),
                m.extensions().stream()
                        .filter(e -> !extensions.contains(e.name()))
                        .toList(),
                m.freshness(),
                m.files(),
                m.sizeBytes(),
                m.schema().map(f -> new SchemaFingerprint(f.version(), kinds)));
    }

    private boolean leftOut(String kind, String key) {
        return switch (kind) {
            case "rls" -> policies.contains(key);
            case "extensions" -> extensions.contains(key);
            case "comments" -> extensions.stream().anyMatch(e -> key.equals("extension " + e));
            default -> false;
        };
    }

    /** One SKIP per kind of thing left out, naming each; none when nothing was. */
    public List<CheckResult> checks(String source) {
        List<CheckResult> out = new ArrayList<>();
        if (!policies.isEmpty()) {
            out.add(CheckResult.skip(
                    ROLES_CHECK,
                    "role(s) " + String.join(", ", roles) + " exist only on " + source + ", not on the server this"
                            + " drill restores into (pgdrill creates no roles): " + policies.size() + " polic"
                            + (policies.size() == 1 ? "y" : "ies") + " naming them not restored and not compared: "
                            + String.join("; ", policies)));
        }
        if (!extensions.isEmpty()) {
            out.add(CheckResult.skip(
                    EXTENSIONS_CHECK,
                    "extension(s) " + String.join(", ", extensions) + " exist only on " + source + " (not available"
                            + " on the server this drill restores into): not restored and not compared"));
        }
        return out;
    }

    private static SchemaFingerprint fingerprint(Manifest m) {
        return m.schema().orElse(new SchemaFingerprint(SchemaFingerprint.VERSION, Map.of()));
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

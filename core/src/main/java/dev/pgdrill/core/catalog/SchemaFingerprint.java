package dev.pgdrill.core.catalog;

import java.util.List;
import java.util.Map;

/**
 * Every object a restore should bring back, by kind ({@code views}, {@code triggers}, {@code rls}, …): read in
 * the backup's snapshot into the manifest, and read again from the restored database, so each kind can be
 * compared on its own. An object is a key (its qualified name) and the attributes that must match (a
 * definition, an enabled state, a hash); an attribute absent here is empty.
 *
 * @param version how the objects were read: a reader compares only fingerprints of its own version
 * @param kinds   kind → its objects, sorted by key
 */
public record SchemaFingerprint(int version, Map<String, List<SchemaObject>> kinds) {
    public static final int VERSION = 1;

    public SchemaFingerprint {
        kinds = kinds == null ? Map.of() : kinds;
    }

    /** @param attributes name → value; empty values are left out */
    public record SchemaObject(String key, Map<String, String> attributes) {
        public SchemaObject {
            attributes = attributes == null ? Map.of() : attributes;
        }

        public String get(String attribute) {
            return attributes.getOrDefault(attribute, "");
        }
    }

    /** The objects of one kind; none when the kind was not read. */
    public List<SchemaObject> of(String kind) {
        return kinds.getOrDefault(kind, List.of());
    }
}

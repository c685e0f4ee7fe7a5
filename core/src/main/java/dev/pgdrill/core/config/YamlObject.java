package dev.pgdrill.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/** A mapping at {@code path}; keys outside {@code allowed} are reported as unknown. */
final class YamlObject {
    private final YamlFields fields;
    private final String path;
    private final JsonNode node;

    YamlObject(YamlFields fields, String path, JsonNode node, String... allowed) {
        this.fields = fields;
        this.path = path;
        this.node = node;
        Set<String> known = new LinkedHashSet<>(List.of(allowed));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                fields.problem(at(key), "unknown key (expected one of: " + String.join(", ", known) + ")");
            }
        }
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    Optional<String> optString(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode()) {
            fields.problem(at(key), "expected a text value, got " + YamlFields.kind(v));
            return Optional.empty();
        }
        String text = fields.substitute(at(key), v.asText());
        if (text != null && text.isBlank()) {
            fields.problem(at(key), "must not be empty");
            return Optional.empty();
        }
        return Optional.ofNullable(text);
    }

    String string(String key, String fallback) {
        return optString(key).orElse(fallback);
    }

    /** A required text value; {@code what} tells the user what belongs there. */
    String required(String key, String what) {
        if (!has(key)) {
            fields.problem(at(key), "required: " + what);
            return "";
        }
        return optString(key).orElse("");
    }

    int integer(String key, int fallback, int min, int max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        String text = v.isValueNode() ? fields.substitute(at(key), v.asText()) : null;
        try {
            if (text != null && (v.isIntegralNumber() || text.matches("-?\\d{1,10}"))) {
                long n = Long.parseLong(text);
                if (n >= min && n <= max) {
                    return (int) n;
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fields.problem(at(key), "expected an integer " + min + "-" + max + ", got " + YamlFields.shown(v));
        return fallback;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        fields.problem(at(key), "expected true or false, got " + YamlFields.shown(v));
        return fallback;
    }

    /** {@code 90s}, {@code 15m}, {@code 4h}, {@code 7d}. */
    Duration duration(String key, Duration fallback) {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = YamlFields.DURATION.matcher(text.get().trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d =
                    switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
            if (!d.isZero()) {
                return d;
            }
        }
        fields.problem(at(key), "expected a duration such as 90s, 15m, 4h or 7d, got \"" + text.get() + "\"");
        return fallback;
    }

    Optional<Path> path(String key) {
        return optString(key).map(Path::of);
    }

    /**
     * A secret: only a {@code ${ENV}} reference is accepted, so no credential is ever written in the
     * file itself (and so never copied into a ticket or a repository along with it).
     */
    Optional<Secret> secret(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        String raw = v.isValueNode() ? v.asText().trim() : "";
        Matcher m = YamlFields.ENV_REF.matcher(raw);
        if (!m.matches()) {
            fields.problem(
                    at(key),
                    "secrets must be given as an environment reference such as ${PGDRILL_" + key.toUpperCase()
                            + "}, not as a literal value");
            return Optional.empty();
        }
        String value = fields.env(m.group(1));
        if (value == null || value.isEmpty()) {
            fields.problem(at(key), "environment variable " + m.group(1) + " is not set");
            return Optional.empty();
        }
        return Optional.of(new Secret(raw, value));
    }

    List<String> stringList(String key) {
        List<JsonNode> items = list(key, "a list such as [alice, bob]");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String text = item.isValueNode() ? fields.substitute(at(key) + "[" + i + "]", item.asText()) : null;
            if (text == null || text.isBlank()) {
                fields.problem(
                        at(key) + "[" + i + "]", "expected a non-empty text value, got " + YamlFields.shown(item));
            } else {
                out.add(text.trim());
            }
        }
        return out;
    }

    /** The items of a list, for lists of mappings. */
    List<JsonNode> list(String key) {
        return list(key, "a list");
    }

    private List<JsonNode> list(String key, String expected) {
        if (!has(key)) {
            return List.of();
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            fields.problem(at(key), "expected " + expected + ", got " + YamlFields.kind(v));
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A nested mapping, or empty when absent. A scalar where a mapping belongs is a problem. */
    Optional<YamlObject> object(String key, String... allowed) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isObject()) {
            fields.problem(
                    at(key),
                    "expected a mapping with keys " + String.join(", ", allowed) + ", got " + YamlFields.kind(v));
            return Optional.empty();
        }
        return Optional.of(new YamlObject(fields, at(key), v, allowed));
    }

    /** The entries of a mapping whose keys are names chosen by the user (like database profiles). */
    Map<String, JsonNode> entries(String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (!v.isObject()) {
            fields.problem(at(key), "expected a mapping of names to settings, got " + YamlFields.kind(v));
            return out;
        }
        v.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}

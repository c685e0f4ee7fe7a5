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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed fields from a YAML tree and collects every problem with its field path, so one run of
 * the loader reports all mistakes at once instead of the first one.
 */
final class YamlFields {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

    private final List<String> problems = new ArrayList<>();
    private final Function<String, String> env;

    YamlFields(Function<String, String> env) {
        this.env = env;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    Obj root(JsonNode node, String... keys) {
        return new Obj("", node, keys);
    }

    /** A mapping at a path the caller built (a user-named entry such as {@code databases.production}). */
    Obj mapping(String path, JsonNode value, String... allowed) {
        if (!value.isObject()) {
            problem(path, "expected a mapping with keys " + String.join(", ", allowed) + ", got " + kind(value));
            return new Obj(path, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return new Obj(path, value, allowed);
    }

    /** A mapping at {@code path}; keys outside {@code allowed} are reported as unknown. */
    final class Obj {
        private final String path;
        private final JsonNode node;

        Obj(String path, JsonNode node, String... allowed) {
            this.path = path;
            this.node = node;
            Set<String> known = new LinkedHashSet<>(List.of(allowed));
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    problem(at(key), "unknown key (expected one of: " + String.join(", ", known) + ")");
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
                problem(at(key), "expected a text value, got " + kind(v));
                return Optional.empty();
            }
            String text = substitute(at(key), v.asText());
            if (text != null && text.isBlank()) {
                problem(at(key), "must not be empty");
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
                problem(at(key), "required: " + what);
                return "";
            }
            return optString(key).orElse("");
        }

        int integer(String key, int fallback, int min, int max) {
            if (!has(key)) {
                return fallback;
            }
            JsonNode v = node.get(key);
            String text = v.isValueNode() ? substitute(at(key), v.asText()) : null;
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
            problem(at(key), "expected an integer " + min + "-" + max + ", got " + shown(v));
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
            problem(at(key), "expected true or false, got " + shown(v));
            return fallback;
        }

        /** {@code 90s}, {@code 15m}, {@code 4h}, {@code 7d}. */
        Duration duration(String key, Duration fallback) {
            Optional<String> text = optString(key);
            if (text.isEmpty()) {
                return fallback;
            }
            Matcher m = DURATION.matcher(text.get().trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                if (!d.isZero()) {
                    return d;
                }
            }
            problem(at(key), "expected a duration such as 90s, 15m, 4h or 7d, got \"" + text.get() + "\"");
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
            Matcher m = ENV_REF.matcher(raw);
            if (!m.matches()) {
                problem(at(key), "secrets must be given as an environment reference such as ${PGDRILL_"
                        + key.toUpperCase() + "}, not as a literal value");
                return Optional.empty();
            }
            String value = env.apply(m.group(1));
            if (value == null || value.isEmpty()) {
                problem(at(key), "environment variable " + m.group(1) + " is not set");
                return Optional.empty();
            }
            return Optional.of(new Secret(raw, value));
        }

        List<String> stringList(String key) {
            List<JsonNode> items = list(key, "a list such as [alice, bob]");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String text = item.isValueNode() ? substitute(at(key) + "[" + i + "]", item.asText()) : null;
                if (text == null || text.isBlank()) {
                    problem(at(key) + "[" + i + "]", "expected a non-empty text value, got " + shown(item));
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
                problem(at(key), "expected " + expected + ", got " + kind(v));
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }

        /** A nested mapping, or empty when absent. A scalar where a mapping belongs is a problem. */
        Optional<Obj> object(String key, String... allowed) {
            if (!has(key)) {
                return Optional.empty();
            }
            JsonNode v = node.get(key);
            if (!v.isObject()) {
                problem(at(key), "expected a mapping with keys " + String.join(", ", allowed) + ", got " + kind(v));
                return Optional.empty();
            }
            return Optional.of(new Obj(at(key), v, allowed));
        }

        /** The entries of a mapping whose keys are names chosen by the user (like database profiles). */
        Map<String, JsonNode> entries(String key) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            if (!has(key)) {
                return out;
            }
            JsonNode v = node.get(key);
            if (!v.isObject()) {
                problem(at(key), "expected a mapping of names to settings, got " + kind(v));
                return out;
            }
            v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }

    }

    /** Replaces {@code ${ENV}} references; an unset variable is a problem at {@code path}. */
    private String substitute(String path, String text) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                problem(path, "environment variable " + m.group(1) + " is not set");
                ok = false;
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return shown(v);
    }

    private static String shown(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        return v.isValueNode() ? v.asText() : kind(v);
    }
}

package dev.pgdrill.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed fields from a YAML tree and collects every problem with its field path, so one run of
 * the loader reports all mistakes at once instead of the first one.
 */
final class YamlFields {
    static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

    private final List<String> problems = new ArrayList<>();
    private final Function<String, String> env;

    YamlFields(Function<String, String> env) {
        this.env = env;
    }

    List<String> problems() {
        return problems;
    }

    /** The value of an environment variable, or null when unset. */
    String env(String name) {
        return env.apply(name);
    }

    void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    YamlObject root(JsonNode node, String... keys) {
        return new YamlObject(this, "", node, keys);
    }

    /** A mapping at a path the caller built (a user-named entry such as {@code databases.production}). */
    YamlObject mapping(String path, JsonNode value, String... allowed) {
        if (!value.isObject()) {
            problem(path, "expected a mapping with keys " + String.join(", ", allowed) + ", got " + kind(value));
            return new YamlObject(this, path, JsonNodeFactory.instance.objectNode());
        }
        return new YamlObject(this, path, value, allowed);
    }

    /** Replaces {@code ${ENV}} references; an unset variable is a problem at {@code path}. */
    String substitute(String path, String text) {
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

    static String kind(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return shown(v);
    }

    static String shown(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        return v.isValueNode() ? v.asText() : kind(v);
    }
}

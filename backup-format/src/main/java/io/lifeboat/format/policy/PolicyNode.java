package io.lifeboat.format.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** A node of the policy tree that knows its key path, so every error names the key it is about. */
final class PolicyNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)");

    private final JsonNode node;
    private final String path;

    PolicyNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    PolicyNode child(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new PolicyException("policy key '" + at(key) + "' is missing");
        }
        return new PolicyNode(value, at(key));
    }

    Optional<PolicyNode> optional(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(new PolicyNode(value, at(key)));
    }

    String text(String key) {
        PolicyNode child = child(key);
        if (!child.node.isValueNode() || child.node.asString().isBlank()) {
            throw new PolicyException("policy key '" + child.path + "' must be a non-empty value");
        }
        return child.node.asString().strip();
    }

    Duration duration(String key) {
        String text = text(key);
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new PolicyException("policy key '" + at(key) + "' must be a positive duration like 90s, 30m, 25h or"
                    + " 7d, was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    double percent(String key) {
        String text = text(key);
        Matcher m = PERCENT.matcher(text);
        double value = m.matches() ? Double.parseDouble(m.group(1)) : -1;
        if (value <= 0 || value > 100) {
            throw new PolicyException("policy key '" + at(key) + "' must be a percentage like 20%, was '" + text + "'");
        }
        return value;
    }

    long bytes(String key) {
        String text = text(key);
        Matcher m = BYTES.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new PolicyException("policy key '" + at(key) + "' must be a size like 500GB, was '" + text + "'");
        }
        long unit = switch (m.group(2)) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> 1L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String text = text(key);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new PolicyException("policy key '" + at(key) + "' must be one of "
                    + List.of(type.getEnumConstants()) + ", was '" + text + "'");
        }
    }

    List<PolicyNode> list(String key) {
        return child(key).items();
    }

    /** This node as a non-empty list. */
    List<PolicyNode> items() {
        if (!node.isArray() || node.isEmpty()) {
            throw new PolicyException("policy key '" + path + "' must be a non-empty list");
        }
        List<PolicyNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new PolicyNode(node.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    List<String> texts(String key) {
        return child(key).texts();
    }

    /** This node as a non-empty list of non-empty scalars. */
    List<String> texts() {
        return items().stream().map(PolicyNode::value).toList();
    }

    /** Entries of a mapping, in file order. */
    Map<String, PolicyNode> entries(String key) {
        PolicyNode child = child(key);
        if (!child.node.isObject() || child.node.isEmpty()) {
            throw new PolicyException("policy key '" + child.path + "' must be a non-empty mapping");
        }
        Map<String, PolicyNode> entries = new LinkedHashMap<>();
        for (String name : child.node.propertyNames()) {
            entries.put(name, new PolicyNode(child.node.get(name), child.path + "." + name));
        }
        return entries;
    }

    /** This node as a non-empty scalar. */
    String value() {
        if (!node.isValueNode() || node.asString().isBlank()) {
            throw new PolicyException("policy key '" + path + "' must be a non-empty value");
        }
        return node.asString().strip();
    }

    private String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}

package io.liveconfig.server.transfer;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;

/**
 * The file formats a namespace is exported to and imported from. Reading and writing is the libraries' work
 * ({@link Properties}, Jackson JSON and YAML); ours is only how a tree becomes property names.
 */
public enum TransferFormat {

    PROPERTIES("text/x-java-properties"), YAML("application/yaml"), JSON("application/json");

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private final String mediaType;

    TransferFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static TransferFormat of(String name) {
        for (TransferFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw Refusal.invalid("Unknown format '" + name + "'",
                List.of(new Violation("format", "must be properties, yaml or json")));
    }

    /** Writes entries, sorted by key. YAML and JSON are flat: one member per property name. */
    public String write(Map<String, String> entries) {
        Map<String, String> sorted = new TreeMap<>(entries);
        try {
            return switch (this) {
                case PROPERTIES -> properties(sorted);
                case YAML -> YAML_MAPPER.writeValueAsString(sorted);
                case JSON -> JSON_MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n";
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }

    /**
     * Reads property names and values. YAML and JSON may be flat or nested: nested objects join their names with dots,
     * arrays become {@code name[i]}, scalars become their text.
     *
     * @throws Refusal invalid, saying where the file is malformed
     */
    public Map<String, String> read(String text) {
        if (this == PROPERTIES) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw malformed(e.getMessage());
            }
            Map<String, String> entries = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
            return entries;
        }
        JsonNode tree;
        try {
            tree = (this == YAML ? YAML_MAPPER : JSON_MAPPER).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // The parser's own message may quote the file, secrets included: only where it went wrong is said.
            throw malformed("not valid " + name().toLowerCase(Locale.ROOT) + where);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return Map.of();
        }
        if (!tree.isObject()) {
            throw malformed("the document must be a mapping of property names to values");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        flatten("", tree, entries);
        return entries;
    }

    private static void flatten(String name, JsonNode node, Map<String, String> entries) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(name.isEmpty() ? field.getKey() : name + "." + field.getKey(), field.getValue(), entries);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(name + "[" + i + "]", node.get(i), entries);
            }
        } else if (node.isNull()) {
            throw malformed("'" + name + "' has no value");
        } else {
            entries.put(name, node.asText());
        }
    }

    /** Properties in key order, without the date comment {@link Properties#store} adds. */
    private static String properties(Map<String, String> sorted) {
        Properties properties = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                Set<Map.Entry<Object, Object>> entries = new TreeSet<>(
                        (a, b) -> a.getKey().toString().compareTo(b.getKey().toString()));
                entries.addAll(super.entrySet());
                return Collections.unmodifiableSet(entries);
            }

            @Override
            public synchronized Enumeration<Object> keys() {
                return Collections.enumeration(new TreeSet<>(super.keySet()));
            }
        };
        properties.putAll(sorted);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString();
        return text.startsWith("#") ? text.substring(text.indexOf('\n') + 1) : text;
    }

    private static Refusal malformed(String detail) {
        return new Refusal(Refusal.Reason.INVALID, "malformed-file", "Malformed file",
                "The file cannot be read: " + detail,
                List.of());
    }
}

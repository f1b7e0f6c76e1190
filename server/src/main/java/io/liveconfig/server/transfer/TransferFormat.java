package io.liveconfig.server.transfer;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.liveconfig.server.api.Names;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;

/**
 * The file formats a namespace is exported to and imported from. Reading and writing is the libraries' work
 * ({@link Properties}, Jackson's JSON and YAML parsers); ours is how a tree becomes property names, and refusing what
 * the libraries would silently take: a key given twice, keys that flatten to one name, YAML aliases and tags.
 */
public enum TransferFormat {

    PROPERTIES("text/x-java-properties"), YAML("application/yaml"), JSON("application/json");

    /** How deep a file may nest objects and arrays; property names are at most 256 characters anyway. */
    static final int MAX_DEPTH = 32;
    /** YAML tags that only say what the text already is; the value stored is the text either way. */
    private static final Set<String> PLAIN_TAGS = Set.of("str", "int", "float", "bool", "map", "seq").stream()
            .map(tag -> "tag:yaml.org,2002:" + tag).collect(Collectors.toUnmodifiableSet());

    /** Numbers are values like any other: as long as a value may be, not Jackson's default 1,000 digits. */
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).maxNumberLength(Names.VALUE_MAX_LENGTH).build();
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder().streamReadConstraints(CONSTRAINTS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper(JSON_FACTORY);
    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(YAML_FACTORY);

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
     * Reads property names and values from a UTF-8 file. YAML and JSON may be flat or nested: nested objects join their
     * names with dots, arrays become {@code name[i]}, scalars become their text as written.
     *
     * @throws Refusal invalid (type {@code malformed-file}), saying which line and key: bytes that are not UTF-8, a
     * malformed document, a key given twice, two keys that flatten to the same name, YAML anchors, aliases and tags
     * other than the core scalar and collection ones, more than one document, nesting deeper than {@value #MAX_DEPTH},
     * and a null value
     */
    public FileContent read(byte[] body) {
        String text = utf8(body);
        if (this == PROPERTIES) {
            return PropertiesFile.read(text);
        }
        if (this == YAML) {
            refuseYamlBeyondJson(text);
        }
        try (JsonParser parser = (this == YAML ? YAML_FACTORY : JSON_FACTORY).createParser(text)) {
            return new TreeReader(parser).read();
        } catch (StreamConstraintsException e) {
            // Its messages give only sizes and limits, never the file's text.
            throw malformed((e.getOriginalMessage().contains("nesting depth")
                    ? "it is nested deeper than " + MAX_DEPTH + " levels"
                    : e.getOriginalMessage()) + at(e.getLocation()), List.of());
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the file, secrets included: only where it went wrong is said.
            throw malformed("not valid " + name().toLowerCase(Locale.ROOT) + at(e.getLocation()), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading from a string", e);
        }
    }

    /**
     * What a file holds.
     *
     * @param entries property names and values, in file order
     * @param lines the line (from 1) each property name is on
     */
    public record FileContent(Map<String, String> entries, Map<String, Integer> lines) {

        /** Where a property is, for a message: {@code " (line 3)"}, or nothing if not known. */
        public String at(String key) {
            Integer line = lines.get(key);
            return line == null ? "" : " (line " + line + ")";
        }
    }

    /** Decodes strictly: bytes that are not UTF-8 are refused with their offset and line, never replaced. */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (body[i] == '\n') {
                    line++;
                }
            }
            throw malformed("it is not UTF-8: byte " + offset + " (line " + line + ") does not start a valid "
                    + "character", List.of(new Violation("line " + line, "is not UTF-8 from byte " + offset)));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark is not content
    }

    /**
     * Refuses what YAML has beyond JSON, from SnakeYAML's events (Jackson's parser drops anchors on scalars): anchors,
     * aliases, and tags other than {@link #PLAIN_TAGS}. A file SnakeYAML cannot parse is left to Jackson to report.
     */
    private static void refuseYamlBeyondJson(String text) {
        Iterable<Event> events = new Yaml(new LoaderOptions()).parse(new StringReader(text));
        try {
            for (Event event : events) {
                int line = event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
                if (event instanceof AliasEvent) {
                    throw malformed("YAML aliases are not supported: line " + line + " has one",
                            List.of(new Violation("line " + line, "is an alias (*name)")));
                }
                if (event instanceof NodeEvent node && node.getAnchor() != null) {
                    throw malformed("YAML anchors are not supported: line " + line + " has one",
                            List.of(new Violation("line " + line, "has an anchor (&name)")));
                }
                String tag = event instanceof ScalarEvent scalar
                        ? scalar.getTag()
                        : event instanceof CollectionStartEvent collection ? collection.getTag() : null;
                if (tag != null && !PLAIN_TAGS.contains(tag)) {
                    throw malformed("the YAML tag on line " + line + " is not supported; only !!str, !!int, "
                            + "!!float, !!bool, !!map and !!seq are",
                            List.of(new Violation("line " + line, "has an unsupported tag")));
                }
            }
        } catch (YAMLException e) {
            // malformed: Jackson's parser says where
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Flattens a JSON or YAML document from the parser's tokens, which carry the line of each name. */
    private static final class TreeReader {

        private final JsonParser parser;
        private final Map<String, String> entries = new LinkedHashMap<>();
        private final Map<String, Integer> lines = new LinkedHashMap<>();

        TreeReader(JsonParser parser) {
            this.parser = parser;
        }

        FileContent read() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return new FileContent(Map.of(), Map.of());
            }
            if (first != JsonToken.START_OBJECT) {
                throw malformed("the document must be a mapping of property names to values", List.of());
            }
            object("");
            if (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                throw malformed("it holds more than one document; the second starts at line " + line,
                        List.of(new Violation("line " + line, "starts a second document")));
            }
            return new FileContent(entries, lines);
        }

        private void object(String prefix) throws IOException {
            Map<String, Integer> members = new HashMap<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String member = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                Integer earlier = members.putIfAbsent(member, line);
                String name = prefix.isEmpty() ? member : prefix + "." + member;
                if (earlier != null) {
                    throw malformed("'" + name + "' is given twice, at lines " + earlier + " and " + line,
                            List.of(new Violation(name, "is given twice: lines " + earlier + " and " + line)));
                }
                value(name, parser.nextToken(), line);
            }
        }

        private void value(String name, JsonToken token, int line) throws IOException {
            switch (token) {
                case START_OBJECT -> object(name);
                case START_ARRAY -> {
                    int i = 0;
                    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                        value(name + "[" + i++ + "]", item, parser.currentTokenLocation().getLineNr());
                    }
                }
                case VALUE_NULL -> throw malformed("'" + name + "' has no value (line " + line + ")",
                        List.of(new Violation(name, "has no value (line " + line + ")")));
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                    Integer earlier = lines.putIfAbsent(name, line);
                    if (earlier != null) {
                        throw malformed("'" + name + "' on line " + line + " is the same property as on line "
                                + earlier + " once nested names are joined with dots",
                                List.of(new Violation(name, "is given twice once names are joined: lines " + earlier
                                        + " and " + line)));
                    }
                    entries.put(name, parser.getText());
                }
                default -> throw malformed("'" + name + "' on line " + line + " is not a text, number or boolean",
                        List.of(new Violation(name, "is not a text, number or boolean (line " + line + ")")));
            }
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

    static Refusal malformed(String detail, List<Violation> violations) {
        return new Refusal(Refusal.Reason.INVALID, "malformed-file", "Malformed file",
                "The file cannot be read: " + detail, violations);
    }
}

package io.liveconfig.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The keys an app reads once and keeps until it restarts (plain injected fields, {@code Optional}, config mappings), as
 * its {@link InstanceReport} names them, so that the server can tell which changes wait for a restart. Every other key
 * is taken as live: a {@code Config} lookup can read any key at any time.
 * <p>
 * Bounded both when made and when read: at most {@value #MAX_KEYS} keys of {@value #MAX_KEY_LENGTH} characters, at most
 * {@value #MAX_KEY_CHARS} characters of keys in all, at most {@value #MAX_PREFIXES} prefixes. What does not fit is left
 * out and {@code complete} is false: the server then cannot tell which changes are pending.
 *
 * @param keys the property names the app consumes as fixed values, sorted
 * @param prefixes the prefixes under which it consumes every key as a fixed value (a config mapping's), sorted; the
 * empty prefix covers every key
 * @param since per namespace, the version the fixed values were taken at: the one held at start-up, from the cluster or
 * a saved copy; revision 0 when the app held nothing of the namespace then
 * @param complete whether every fixed key and prefix the app has is listed
 */
public record FixedKeys(List<String> keys, List<String> prefixes, Map<String, Version> since, boolean complete) {

    static final int MAX_KEYS = 1024;
    static final int MAX_KEY_LENGTH = 256;
    static final int MAX_KEY_CHARS = 32 * 1024;
    static final int MAX_PREFIXES = 64;

    public FixedKeys {
        keys = List.copyOf(new TreeSet<>(keys)); // sorted, for the binary search of isFixed, whoever made the report
        prefixes = List.copyOf(prefixes);
        since = Map.copyOf(since);
    }

    /** The keys and prefixes, sorted and cut to the bounds. */
    public static FixedKeys of(Collection<String> keys, Collection<String> prefixes, Map<String, Version> since) {
        List<String> keptKeys = new ArrayList<>();
        List<String> keptPrefixes = new ArrayList<>();
        boolean complete = keep(new TreeSet<>(keys), keptKeys, MAX_KEYS, MAX_KEY_CHARS);
        complete &= keep(new TreeSet<>(prefixes), keptPrefixes, MAX_PREFIXES, MAX_KEY_CHARS);
        return new FixedKeys(keptKeys, keptPrefixes, since, complete);
    }

    /** Adds names within the bounds; returns whether all fitted. */
    private static boolean keep(Collection<String> names, List<String> into, int max, int maxChars) {
        int chars = 0;
        boolean all = true;
        for (String name : names) {
            if (into.size() >= max || name.length() > MAX_KEY_LENGTH || chars + name.length() > maxChars) {
                all = false;
            } else {
                into.add(name);
                chars += name.length();
            }
        }
        return all;
    }

    /** The same versions without names, for a report that would be too long with them: the server reads "unknown". */
    public FixedKeys withoutNames() {
        return new FixedKeys(List.of(), List.of(), since, false);
    }

    /** Whether the app consumes the key as a fixed value, by name or under a prefix. */
    public boolean isFixed(String key) {
        if (Collections.binarySearch(keys, key) >= 0) {
            return true;
        }
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || key.equals(prefix) || key.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        InstanceReport.writeStrings(json, "keys", keys);
        InstanceReport.writeStrings(json, "prefixes", prefixes);
        json.writeObjectFieldStart("since");
        for (Map.Entry<String, Version> version : since.entrySet()) {
            json.writeObjectFieldStart(version.getKey());
            json.writeNumberField("epoch", version.getValue().epoch());
            json.writeNumberField("revision", version.getValue().revision());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeBooleanField("complete", complete);
        json.writeEndObject();
    }

    /** Reads what {@link #write} wrote, within the bounds: what exceeds them is skipped and makes it incomplete. */
    static FixedKeys read(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        List<String> keys = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Map<String, Version> since = new LinkedHashMap<>();
        boolean complete = false;
        boolean fitted = true;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "keys" -> fitted &= readStrings(json, value, keys, MAX_KEYS);
                case "prefixes" -> fitted &= readStrings(json, value, prefixes, MAX_PREFIXES);
                case "since" -> readSince(json, value, since);
                case "complete" -> complete = value == JsonToken.VALUE_TRUE;
                default -> json.skipChildren();
            }
        }
        if (since.size() > InstanceReport.MAX_NAMESPACES) {
            throw new SnapshotFormatException("Fixed keys name more than " + InstanceReport.MAX_NAMESPACES
                    + " namespaces");
        }
        return new FixedKeys(keys, prefixes, since, complete && fitted);
    }

    private static boolean readStrings(JsonParser json, JsonToken start, List<String> into, int max)
            throws IOException {
        expect(start, JsonToken.START_ARRAY);
        boolean all = true;
        int chars = 0;
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            expect(token, JsonToken.VALUE_STRING);
            String text = json.getText();
            // A cut name would match another key: one that does not fit is left out, never shortened.
            if (into.size() >= max || text.length() > MAX_KEY_LENGTH || chars + text.length() > MAX_KEY_CHARS) {
                all = false;
            } else {
                into.add(text);
                chars += text.length();
            }
        }
        return all;
    }

    private static void readSince(JsonParser json, JsonToken start, Map<String, Version> into) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String namespace = json.currentName();
            expect(json.nextToken(), JsonToken.START_OBJECT);
            long epoch = 0;
            long revision = -1;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "epoch" -> {
                        expect(value, JsonToken.VALUE_NUMBER_INT);
                        epoch = json.getLongValue();
                    }
                    case "revision" -> {
                        expect(value, JsonToken.VALUE_NUMBER_INT);
                        revision = json.getLongValue();
                    }
                    default -> json.skipChildren();
                }
            }
            if (revision < 0) {
                throw new SnapshotFormatException("Fixed keys of namespace '" + namespace + "' lack a revision");
            }
            into.put(namespace, new Version(epoch, revision)); // which refuses negative numbers
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new SnapshotFormatException("Expected " + expected + " but found " + actual);
        }
    }
}

package io.liveconfig.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What an app instance tells the cluster about itself: which revision of each namespace it applied, with the seal that
 * proves the server published it, which published values it refused, and which signing keys it trusts. Stored as JSON
 * in the ReplicatedMap {@value MapNames#INSTANCES}, keyed by instance id, with a time to live, so instances that leave
 * disappear.
 * <p>
 * Anyone who reaches the cluster port can write a report: the server shows reports as they are, but acts on one (a
 * history restore) only for a revision whose seal its own key signed. Reports are bounded when read: at most
 * {@value #MAX_LENGTH} characters and {@value #MAX_NAMESPACES} namespaces, the first {@value #MAX_REJECTIONS}
 * rejections of at most {@value #MAX_REJECTION_LENGTH} characters each, and fixed keys within {@link FixedKeys}'
 * bounds. Reports of apps that predate a field still decode.
 *
 * @param instance a random id of the running source
 * @param host the host name
 * @param app the application name
 * @param revisions the revision applied per namespace
 * @param epochs the history epoch of the applied snapshot per namespace, where it is not 0
 * @param seals the seal of the publication each namespace's applied revision came from, where the app has one
 * @param trusts the ids of the signing keys the app trusts
 * @param rejections the last published values the instance refused, as messages
 * @param reportedAt when the report was made, epoch milliseconds
 * @param fixed the keys the app applies only when it restarts, and since which revisions it holds them; {@code null}
 * when the app does not say (an older version, or a source no one told)
 */
public record InstanceReport(String instance, String host, String app, Map<String, Long> revisions,
        Map<String, Long> epochs, Map<String, Seal> seals, List<String> trusts, List<String> rejections,
        long reportedAt, FixedKeys fixed) {

    public static final int MAX_LENGTH = 64 * 1024;
    static final int MAX_NAMESPACES = 256;
    static final int MAX_REJECTIONS = 10;
    static final int MAX_REJECTION_LENGTH = 500;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public InstanceReport {
        revisions = Map.copyOf(revisions);
        epochs = Map.copyOf(epochs);
        seals = Map.copyOf(seals);
        trusts = List.copyOf(trusts);
        rejections = List.copyOf(rejections);
    }

    /** A report that does not say which keys the app applies only when it restarts. */
    public InstanceReport(String instance, String host, String app, Map<String, Long> revisions,
            Map<String, Long> epochs, Map<String, Seal> seals, List<String> trusts, List<String> rejections,
            long reportedAt) {
        this(instance, host, app, revisions, epochs, seals, trusts, rejections, reportedAt, null);
    }

    public String encode() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("instance", instance);
            json.writeStringField("host", host);
            json.writeStringField("app", app);
            writeLongs(json, "revisions", revisions);
            if (!epochs.isEmpty()) {
                writeLongs(json, "epochs", epochs);
            }
            json.writeObjectFieldStart("seals");
            for (Map.Entry<String, Seal> seal : seals.entrySet()) {
                json.writeObjectFieldStart(seal.getKey());
                seal.getValue().writeFields(json);
                json.writeEndObject();
            }
            json.writeEndObject();
            writeStrings(json, "trusts", trusts);
            writeStrings(json, "rejections", rejections);
            json.writeNumberField("reportedAt", reportedAt);
            if (fixed != null) {
                json.writeFieldName("fixed");
                fixed.write(json);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The epoch of the snapshot applied for a namespace. */
    public long epoch(String namespace) {
        return epochs.getOrDefault(namespace, 0L);
    }

    private static void writeLongs(JsonGenerator json, String field, Map<String, Long> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> value : values.entrySet()) {
            json.writeNumberField(value.getKey(), value.getValue());
        }
        json.writeEndObject();
    }

    static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /**
     * @throws SnapshotFormatException if the text is not a report, or a larger one than any app sends
     */
    public static InstanceReport decode(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new SnapshotFormatException("Instance report longer than " + MAX_LENGTH + " characters");
        }
        String instance = null;
        String host = null;
        String app = null;
        Map<String, Long> revisions = new LinkedHashMap<>();
        Map<String, Long> epochs = new LinkedHashMap<>();
        Map<String, Seal> seals = new LinkedHashMap<>();
        List<String> trusts = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        long reportedAt = -1;
        FixedKeys fixed = null;
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new SnapshotFormatException("An instance report is a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "instance" -> instance = json.getValueAsString();
                    case "host" -> host = json.getValueAsString();
                    case "app" -> app = json.getValueAsString();
                    case "reportedAt" -> reportedAt = json.getLongValue();
                    case "revisions" -> readLongs(json, value, revisions);
                    case "epochs" -> readLongs(json, value, epochs);
                    case "seals" -> readSeals(json, value, seals);
                    case "trusts" -> readStrings(json, value, trusts, MAX_NAMESPACES, 64);
                    case "rejections" -> readStrings(json, value, rejections, MAX_REJECTIONS,
                            MAX_REJECTION_LENGTH);
                    case "fixed" -> fixed = FixedKeys.read(json, value);
                    default -> json.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotFormatException sfe) {
                throw sfe;
            }
            throw new SnapshotFormatException("Malformed instance report: " + e.getMessage(), e);
        }
        if (instance == null || reportedAt < 0) {
            throw new SnapshotFormatException("Instance report lacks instance or reportedAt");
        }
        if (revisions.size() > MAX_NAMESPACES || seals.size() > MAX_NAMESPACES) {
            throw new SnapshotFormatException("Instance report names more than " + MAX_NAMESPACES + " namespaces");
        }
        return new InstanceReport(instance, host, app, revisions, epochs, seals, trusts, rejections, reportedAt,
                fixed);
    }

    private static void readLongs(JsonParser json, JsonToken start, Map<String, Long> into) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            expect(json.nextToken(), JsonToken.VALUE_NUMBER_INT);
            into.put(key, json.getLongValue());
        }
    }

    /** The first {@code max} strings, each cut to {@code maxLength}; the rest are skipped. */
    private static void readStrings(JsonParser json, JsonToken start, List<String> into, int max, int maxLength)
            throws IOException {
        expect(start, JsonToken.START_ARRAY);
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            expect(token, JsonToken.VALUE_STRING);
            String text = json.getText();
            if (into.size() < max) {
                into.add(text.length() <= maxLength ? text : text.substring(0, maxLength) + "…");
            }
        }
    }

    private static void readSeals(JsonParser json, JsonToken start, Map<String, Seal> into) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String namespace = json.currentName();
            // The key names the namespace; a "namespace" field inside may not say otherwise.
            Seal seal = Seal.read(json, json.nextToken(), namespace);
            if (!seal.namespace().equals(namespace)) {
                throw new SnapshotFormatException("Seal of namespace '" + seal.namespace() + "' under '" + namespace
                        + "'");
            }
            into.put(namespace, seal);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new SnapshotFormatException("Expected " + expected + " but found " + actual);
        }
    }
}

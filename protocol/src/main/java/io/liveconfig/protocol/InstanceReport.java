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
 * What an app instance tells the cluster about itself: which revision of each namespace it applied and which published
 * values it rejected. Stored as JSON in the ReplicatedMap {@value MapNames#INSTANCES}, keyed by instance id, with a
 * time to live, so instances that leave disappear.
 *
 * @param instance a random id of the running source
 * @param host the host name
 * @param app the application name
 * @param revisions the revision applied per namespace
 * @param epochs the history epoch of the applied snapshot per namespace, where it is not 0
 * @param rejections the last published values the instance refused, as messages
 * @param reportedAt when the report was made, epoch milliseconds
 */
public record InstanceReport(String instance, String host, String app, Map<String, Long> revisions,
        Map<String, Long> epochs, List<String> rejections, long reportedAt) {

    /** Reports are read from a port without authentication: anything larger is refused. */
    private static final int MAX_LENGTH = 64 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public InstanceReport {
        revisions = Map.copyOf(revisions);
        epochs = Map.copyOf(epochs);
        rejections = List.copyOf(rejections);
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
            json.writeArrayFieldStart("rejections");
            for (String rejection : rejections) {
                json.writeString(rejection);
            }
            json.writeEndArray();
            json.writeNumberField("reportedAt", reportedAt);
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

    private static void readLongs(JsonParser json, JsonToken start, Map<String, Long> into) throws IOException {
        while (start == JsonToken.START_OBJECT && json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            json.nextToken();
            into.put(key, json.getLongValue());
        }
    }

    /**
     * @throws SnapshotFormatException if the text is not a report
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
        List<String> rejections = new ArrayList<>();
        long reportedAt = -1;
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
                    case "rejections" -> {
                        while (value == JsonToken.START_ARRAY && json.nextToken() == JsonToken.VALUE_STRING) {
                            rejections.add(json.getText());
                        }
                    }
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
        return new InstanceReport(instance, host, app, revisions, epochs, rejections, reportedAt);
    }
}

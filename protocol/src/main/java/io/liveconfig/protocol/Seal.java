package io.liveconfig.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What the server signed about one publication: which namespace, where in its history, the content hash of what was
 * published, and the signature over all of it. The content hash covers every entry or every key of a step (see
 * {@link SnapshotCodec}), so a reader that checked the hash against the content it decoded and this signature against a
 * trusted key knows that the server published exactly that content.
 * <p>
 * A seal is small: apps keep the one of each namespace they hold and carry it in their instance reports, which is how
 * the server tells a report of a revision it really published from a stranger's claim.
 *
 * @param kind a whole snapshot or a change
 * @param namespace the namespace
 * @param epoch the history epoch reached
 * @param baseRevision the revision a step applies to, or {@link SnapshotChange#WHOLE} (whole snapshots and changes that
 * point to one)
 * @param revision the revision reached
 * @param deleted whether the namespace was deleted
 * @param hash the content hash, hex SHA-256
 * @param keyId the id of the key that signed it (see {@link TrustedKeys#keyId})
 * @param signature the Ed25519 signature of {@link #statement()}, base64 (URL-safe, no padding)
 */
public record Seal(Kind kind, String namespace, long epoch, long baseRevision, long revision, boolean deleted,
        String hash, String keyId, String signature) {

    /** What was published. */
    public enum Kind {
        SNAPSHOT, CHANGE;

        String id() {
            return this == SNAPSHOT ? "snapshot" : "change";
        }

        static Kind of(String id) {
            return switch (id) {
                case "snapshot" -> SNAPSHOT;
                case "change" -> CHANGE;
                default -> throw new SnapshotFormatException("Unknown publication kind '" + id + "'");
            };
        }
    }

    /** Versioned, so that a later layout can never be mistaken for this one. */
    private static final String STATEMENT_PREFIX = "LiveConfig publication 1";

    /** The bytes that are signed: every field but the key and the signature, NUL-separated, in a fixed order. */
    public byte[] statement() {
        return statement(kind, namespace, epoch, baseRevision, revision, deleted, hash);
    }

    static byte[] statement(Kind kind, String namespace, long epoch, long baseRevision, long revision,
            boolean deleted, String hash) {
        return String.join("\0", STATEMENT_PREFIX, kind.id(), namespace, Long.toString(epoch),
                Long.toString(baseRevision), Long.toString(revision), Boolean.toString(deleted), hash)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Where the namespace stands after the publication. */
    public Version version() {
        return new Version(epoch, revision);
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** The seal alone as JSON, e.g. to record which version was put: it proves itself, so anyone may hold it. */
    public String encode() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", namespace);
            writeFields(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Reads what {@link #encode} wrote; the signature is not checked here ({@link TrustedKeys#verify}).
     *
     * @throws SnapshotFormatException if the text is not a seal
     */
    public static Seal decode(String text) {
        try (JsonParser json = JSON.createParser(text)) {
            return read(json, json.nextToken(), null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotFormatException sfe) {
                throw sfe;
            }
            throw new SnapshotFormatException("Malformed seal: " + e.getMessage(), e);
        }
    }

    /** Writes the fields of the JSON object of a seal, its namespace left to the caller. */
    void writeFields(JsonGenerator json) throws IOException {
        json.writeStringField("kind", kind.id());
        json.writeNumberField("epoch", epoch);
        json.writeNumberField("base", baseRevision);
        json.writeNumberField("revision", revision);
        json.writeBooleanField("deleted", deleted);
        json.writeStringField("hash", hash);
        json.writeStringField("key", keyId);
        json.writeStringField("signature", signature);
    }

    /**
     * Reads the JSON object of a seal, whose start is the current token.
     *
     * @param namespace the namespace when the object does not name it (it is a key of the enclosing object)
     */
    static Seal read(JsonParser json, JsonToken start, String namespace) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw new SnapshotFormatException("A seal is a JSON object");
        }
        String kind = null;
        String hash = null;
        String key = null;
        String signature = null;
        long epoch = -1;
        long base = SnapshotChange.WHOLE;
        long revision = -1;
        boolean deleted = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "namespace" -> namespace = json.getValueAsString();
                case "kind" -> kind = json.getValueAsString();
                case "epoch" -> epoch = json.getLongValue();
                case "base" -> base = json.getLongValue();
                case "revision" -> revision = json.getLongValue();
                case "deleted" -> deleted = value == JsonToken.VALUE_TRUE;
                case "hash" -> hash = json.getValueAsString();
                case "key" -> key = json.getValueAsString();
                case "signature" -> signature = json.getValueAsString();
                default -> json.skipChildren();
            }
        }
        if (namespace == null || kind == null || hash == null || epoch < 0 || revision < 0) {
            throw new SnapshotFormatException("Seal of namespace '" + namespace + "' lacks a field");
        }
        return new Seal(Kind.of(kind), namespace, epoch, base, revision, deleted, hash, key, signature);
    }
}

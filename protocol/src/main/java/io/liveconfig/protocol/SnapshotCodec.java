package io.liveconfig.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Encodes snapshots as JSON strings for the replicated map, and decodes them back.
 * <p>
 * The JSON carries a SHA-256 hash of the content (not of the JSON text), so a reader detects a truncated or damaged
 * value, and the server's Ed25519 signature over that hash and the version (a {@link Seal}), so a reader applies only
 * what the server published: the cluster port is not authenticated and anyone who reaches it can write the maps. Java
 * serialization is never used.
 *
 * <pre>
 * {"format":1,"namespace":"orders","revision":7,"deleted":false,"hash":"…","key":"…","signature":"…","entries":{"a":"1"}}
 * </pre>
 *
 * An epoch above 0 is written as an {@code "epoch"} field and hashed; epoch 0 is neither, so snapshots and saved copies
 * from before epochs existed still decode and verify.
 * <p>
 * Longer than our other classes on purpose: the two published forms share one field reader and one hash layout, so that
 * a reader can never accept a field order or a hash that the other form would refuse.
 */
public final class SnapshotCodec {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private SnapshotCodec() {
    }

    /**
     * The signed JSON form of a snapshot; entries are written in key order so equal snapshots encode equally (but for
     * their signatures, which Ed25519 makes equal too for one key).
     */
    public static String encode(Snapshot snapshot, PublicationSigner signer) {
        String[] keys = sortedKeys(snapshot.entries());
        String hash = hash(snapshot, keys);
        Seal seal = signer.seal(Seal.Kind.SNAPSHOT, snapshot.namespace(), snapshot.epoch(), SnapshotChange.WHOLE,
                snapshot.revision(), snapshot.deleted(), hash);
        StringWriter out = new StringWriter(64 + snapshot.entries().size() * 32);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("format", snapshot.format());
            json.writeStringField("namespace", snapshot.namespace());
            if (snapshot.epoch() != 0) {
                json.writeNumberField("epoch", snapshot.epoch());
            }
            json.writeNumberField("revision", snapshot.revision());
            json.writeBooleanField("deleted", snapshot.deleted());
            writeSeal(json, seal);
            json.writeObjectFieldStart("entries");
            for (String key : keys) {
                json.writeStringField(key, snapshot.entries().get(key));
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Reads a snapshot and checks its format version, its content hash and its signature.
     *
     * @throws UntrustedPublicationException if it is sound but not signed by a trusted key
     * @throws SnapshotFormatException if the text is not a valid snapshot of a known format
     */
    public static Sealed<Snapshot> decode(String text, TrustedKeys trust) {
        Fields read = read(text, "Snapshot", false);
        if (read.namespace == null || read.revision == null || read.hash == null || read.entries == null) {
            throw new SnapshotFormatException("Snapshot lacks one of format, namespace, revision, hash, entries");
        }
        String namespace = read.namespace;
        long revision = read.revision;
        String hash = read.hash;
        Snapshot snapshot;
        try {
            snapshot = new Snapshot(read.format, namespace, read.epoch == null ? 0 : read.epoch, revision, read.deleted,
                    read.entries);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("Invalid snapshot of namespace '" + namespace + "': " + e.getMessage(),
                    e);
        }
        if (!hash.equals(hash(snapshot))) {
            throw new SnapshotFormatException("Snapshot of namespace '" + namespace + "' at revision " + revision
                    + " fails its content hash check");
        }
        Seal seal = new Seal(Seal.Kind.SNAPSHOT, namespace, snapshot.epoch(), SnapshotChange.WHOLE, revision,
                snapshot.deleted(), hash, read.key, read.signature);
        trust.verify(seal);
        return new Sealed<>(snapshot, seal);
    }

    /**
     * The version an encoded snapshot or change reached, read from its first fields without its entries and without
     * checking its hash: for comparing what a map holds with the database at the cost of a few fields. Never use it to
     * apply anything.
     *
     * @throws SnapshotFormatException if the text does not start like a snapshot or change of a known format
     */
    public static Version peekVersion(String text) {
        Fields read = read(text, "Snapshot", true);
        if (read.namespace == null || read.revision == null) {
            throw new SnapshotFormatException("Value lacks one of format, namespace, revision");
        }
        try {
            return new Version(read.epoch == null ? 0 : read.epoch, read.revision);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("Invalid version: " + e.getMessage(), e);
        }
    }

    /**
     * The seal in the first fields of an encoded snapshot or change, read without its entries and without checking its
     * hash or signature: for a reader that needs only to know whether the server signed a version (a signed header does
     * not prove the entries that follow it; {@link #decode} does).
     *
     * @throws SnapshotFormatException if the text does not start like a snapshot or change of a known format
     */
    public static Seal peekSeal(String text) {
        Fields read = read(text, "Snapshot", true);
        if (read.namespace == null || read.revision == null || read.hash == null) {
            throw new SnapshotFormatException("Value lacks one of format, namespace, revision, hash");
        }
        try {
            new Version(read.epoch == null ? 0 : read.epoch, read.revision);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("Invalid version: " + e.getMessage(), e);
        }
        return read.base == null
                ? new Seal(Seal.Kind.SNAPSHOT, read.namespace, read.epoch == null ? 0 : read.epoch,
                        SnapshotChange.WHOLE, read.revision, read.deleted, read.hash, read.key, read.signature)
                : new Seal(Seal.Kind.CHANGE, read.namespace, read.epoch == null ? 0 : read.epoch, read.base,
                        read.revision, read.deleted, read.hash, read.key, read.signature);
    }

    /** SHA-256 over namespace, epoch (unless 0), revision, deleted flag and the entries in key order, NUL-separated. */
    static String hash(Snapshot snapshot) {
        return hash(snapshot, sortedKeys(snapshot.entries()));
    }

    /** Sorting an array once is several times faster than a {@code TreeMap} of a large namespace. */
    private static String[] sortedKeys(Map<String, String> entries) {
        String[] keys = entries.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        return keys;
    }

    private static String hash(Snapshot snapshot, String[] sortedKeys) {
        MessageDigest digest = sha256();
        update(digest, snapshot.namespace());
        if (snapshot.epoch() != 0) {
            update(digest, "epoch " + snapshot.epoch());
        }
        update(digest, Long.toString(snapshot.revision()));
        update(digest, Boolean.toString(snapshot.deleted()));
        for (String key : sortedKeys) {
            update(digest, key);
            update(digest, snapshot.entries().get(key));
        }
        return HEX.formatHex(digest.digest());
    }

    /**
     * The JSON form of a change, hashed like a snapshot:
     *
     * <pre>
     * {"format":1,"namespace":"orders","epoch":0,"base":6,"revision":7,"deleted":false,"hash":"…","puts":{"a":"1"},"removes":["b"]}
     * </pre>
     */
    public static String encodeChange(SnapshotChange change, PublicationSigner signer) {
        Seal seal = signer.seal(Seal.Kind.CHANGE, change.namespace(), change.epoch(), change.baseRevision(),
                change.revision(), change.deleted(), hash(change));
        StringWriter out = new StringWriter(128 + change.puts().size() * 32);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("format", Snapshot.FORMAT);
            json.writeStringField("namespace", change.namespace());
            json.writeNumberField("epoch", change.epoch());
            json.writeNumberField("base", change.baseRevision());
            json.writeNumberField("revision", change.revision());
            json.writeBooleanField("deleted", change.deleted());
            writeSeal(json, seal);
            json.writeObjectFieldStart("puts");
            for (Map.Entry<String, String> entry : new TreeMap<>(change.puts()).entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("removes");
            for (String key : new TreeSet<>(change.removes())) {
                json.writeString(key);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Reads a change and checks its format version, hash and signature.
     *
     * @throws UntrustedPublicationException if it is sound but not signed by a trusted key
     * @throws SnapshotFormatException if the text is not a valid change of a known format
     */
    public static Sealed<SnapshotChange> decodeChange(String text, TrustedKeys trust) {
        Fields read = read(text, "Change", false);
        if (read.namespace == null || read.epoch == null || read.base == null || read.revision == null
                || read.hash == null || read.puts == null || read.removes == null) {
            throw new SnapshotFormatException(
                    "Change lacks one of format, namespace, epoch, base, revision, hash, puts, removes");
        }
        String namespace = read.namespace;
        long revision = read.revision;
        String hash = read.hash;
        SnapshotChange change;
        try {
            change = new SnapshotChange(namespace, read.epoch, read.base, revision, read.deleted, read.puts,
                    read.removes);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("Invalid change of namespace '" + namespace + "': " + e.getMessage(), e);
        }
        if (!hash.equals(hash(change))) {
            throw new SnapshotFormatException("Change of namespace '" + namespace + "' to revision " + revision
                    + " fails its content hash check");
        }
        Seal seal = new Seal(Seal.Kind.CHANGE, namespace, change.epoch(), change.baseRevision(), revision,
                change.deleted(), hash, read.key, read.signature);
        trust.verify(seal);
        return new Sealed<>(change, seal);
    }

    /** The hash and the signature, written before the entries so that {@link #peekSeal} need not read them. */
    private static void writeSeal(JsonGenerator json, Seal seal) throws IOException {
        json.writeStringField("hash", seal.hash());
        json.writeStringField("key", seal.keyId());
        json.writeStringField("signature", seal.signature());
    }

    /** SHA-256 over the change's fields, the puts in key order and the removed keys in order, NUL-separated. */
    static String hash(SnapshotChange change) {
        MessageDigest digest = sha256();
        update(digest, "change");
        update(digest, change.namespace());
        update(digest, change.epoch() + " " + change.baseRevision() + " " + change.revision());
        update(digest, change.deleted() + " " + change.puts().size() + " " + change.removes().size());
        for (Map.Entry<String, String> entry : new TreeMap<>(change.puts()).entrySet()) {
            update(digest, entry.getKey());
            update(digest, entry.getValue());
        }
        for (String key : new TreeSet<>(change.removes())) {
            update(digest, key);
        }
        return HEX.formatHex(digest.digest());
    }

    private static Set<String> readKeys(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY, json);
        Set<String> keys = new HashSet<>();
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            expect(token, JsonToken.VALUE_STRING, json);
            keys.add(json.getText());
        }
        return keys;
    }

    /** The fields of a snapshot or a change, as read; {@code null} where absent. */
    private static final class Fields {
        Integer format;
        String namespace;
        Long epoch;
        Long base;
        Long revision;
        boolean deleted;
        String hash;
        String key;
        String signature;
        Map<String, String> entries;
        Map<String, String> puts;
        Set<String> removes;
    }

    /**
     * Reads the JSON object of a snapshot or a change and checks its format version.
     *
     * @param what "Snapshot" or "Change", for messages
     * @param headerOnly stop at the entries or puts, which are written after the version: for {@link #peekVersion}
     */
    private static Fields read(String text, String what, boolean headerOnly) {
        Fields read = new Fields();
        try (JsonParser json = JSON.createParser(text)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, json);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                if (headerOnly && (field.equals("entries") || field.equals("puts"))) {
                    break;
                }
                JsonToken value = json.nextToken();
                switch (field) {
                    case "format" -> read.format = json.getIntValue();
                    case "namespace" -> read.namespace = json.getValueAsString();
                    case "epoch" -> read.epoch = json.getLongValue();
                    case "base" -> read.base = json.getLongValue();
                    case "revision" -> read.revision = json.getLongValue();
                    case "deleted" -> read.deleted = value == JsonToken.VALUE_TRUE;
                    case "hash" -> read.hash = json.getValueAsString();
                    case "key" -> read.key = json.getValueAsString();
                    case "signature" -> read.signature = json.getValueAsString();
                    case "entries" -> read.entries = readEntries(json, value);
                    case "puts" -> read.puts = readEntries(json, value);
                    case "removes" -> read.removes = readKeys(json, value);
                    // Fields added by a later minor change of the same format are skipped.
                    default -> json.skipChildren();
                }
            }
            if (!headerOnly && json.nextToken() != null) {
                throw new SnapshotFormatException("Unexpected content after the " + what.toLowerCase() + " object");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotFormatException sfe) {
                throw sfe;
            }
            throw new SnapshotFormatException("Malformed " + what.toLowerCase() + " JSON: " + e.getMessage(), e);
        }
        if (read.format == null) {
            throw new SnapshotFormatException(what + " lacks its format");
        }
        if (read.format != Snapshot.FORMAT) {
            throw new SnapshotFormatException(what + " of namespace '" + read.namespace + "' has format "
                    + read.format + "; this reader knows " + Snapshot.FORMAT);
        }
        return read;
    }

    private static Map<String, String> readEntries(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT, json);
        Map<String, String> entries = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            expect(json.nextToken(), JsonToken.VALUE_STRING, json);
            entries.put(key, json.getText());
        }
        return entries;
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser json) {
        if (actual != expected) {
            throw new SnapshotFormatException("Expected " + expected + " but found " + actual + " at "
                    + json.currentLocation().offsetDescription());
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}

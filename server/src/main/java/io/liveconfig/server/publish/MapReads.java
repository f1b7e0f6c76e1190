package io.liveconfig.server.publish;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * Reads of the cluster's maps, which anyone who reaches the client port writes too, with keys and values of any type:
 * only strings are LiveConfig's. A key or value of another type, or one the member refuses to deserialize, reads as
 * absent, never as an exception, so that junk in one entry stops no request, repair or listener.
 */
public final class MapReads {

    private static final Logger LOG = Logger.getLogger(MapReads.class);

    private MapReads() {
    }

    /** The value under a key if it is a string, else {@code null}. */
    public static String get(ReplicatedMap<String, String> map, String key) {
        ReplicatedMap<?, ?> any = map;
        return text(() -> any.get(key));
    }

    /** The entries whose key and value are strings, as this member's replica holds them. */
    public static Map<String, String> entries(ReplicatedMap<String, String> map) {
        ReplicatedMap<?, ?> any = map;
        Map<String, String> entries = new HashMap<>();
        Iterator<? extends Map.Entry<?, ?>> all = any.entrySet().iterator();
        while (all.hasNext()) {
            Map.Entry<?, ?> entry;
            try {
                entry = all.next();
            } catch (HazelcastSerializationException e) {
                LOG.debugf("Skipping an entry of %s that cannot be read: %s", map.getName(), e.getMessage());
                continue;
            }
            if (entry.getKey() instanceof String key && entry.getValue() instanceof String value) {
                entries.put(key, value);
            }
        }
        return entries;
    }

    /** An entry event's new value if it is a string, else {@code null}. */
    public static String value(EntryEvent<?, ?> event) {
        return text(event::getValue);
    }

    /** What a read returns if it is a string, else {@code null}; a value that cannot be deserialized too. */
    static String text(Supplier<?> read) {
        try {
            return read.get() instanceof String text ? text : null;
        } catch (HazelcastSerializationException e) {
            LOG.debugf("Ignoring a value that cannot be read: %s", e.getMessage());
            return null;
        }
    }
}

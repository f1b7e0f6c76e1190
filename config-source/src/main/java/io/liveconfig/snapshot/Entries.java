package io.liveconfig.snapshot;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entries of a snapshot: an immutable hash map that nothing else can change, so snapshots built from each other (a
 * change applied to the one held) copy once and readers look up in a plain {@link HashMap}, which is faster than
 * {@link Map#copyOf}'s probing on large maps.
 */
final class Entries extends AbstractMap<String, String> {

    static final Entries EMPTY = new Entries(new HashMap<>());

    private final HashMap<String, String> map;
    private final Set<Entry<String, String>> entrySet;

    /** Takes ownership of the map: the caller must not keep it. */
    private Entries(HashMap<String, String> map) {
        this.map = map;
        this.entrySet = Collections.unmodifiableMap(map).entrySet();
    }

    static Entries copyOf(Map<String, String> entries) {
        if (entries instanceof Entries own) {
            return own;
        }
        HashMap<String, String> copy = new HashMap<>(entries);
        copy.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new NullPointerException("snapshot keys and values are never null");
            }
        });
        return new Entries(copy);
    }

    /** The entries with some keys set and others removed; the base is not changed. */
    static Entries changed(Map<String, String> base, Map<String, String> puts, Set<String> removes) {
        HashMap<String, String> copy = new HashMap<>(base);
        copy.putAll(puts);
        copy.keySet().removeAll(removes);
        return new Entries(copy);
    }

    @Override
    public String get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return entrySet;
    }
}

package io.liveconfig.snapshot;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entries of a snapshot: an immutable map that nothing else can change.
 * <p>
 * A snapshot that follows another by a few keys (a step) shares the other's large base map and keeps only the changed
 * keys in a small overlay, so a one-key change to a 100,000-key namespace costs one key, not a copy of all of them.
 * When the overlay grows past 1/64 of the base, the next step folds it into a new base (amortized cost per key changed:
 * a small constant). Lookups are one or two {@link HashMap} lookups, without allocation.
 */
final class Entries extends AbstractMap<String, String> {

    /** Marks, in an overlay, a key that the base has and this snapshot does not. Compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String REMOVED = new String("removed");

    private final HashMap<String, String> base;
    /** Keys changed from the base, {@link #REMOVED} for removed ones; {@code null} when there are none. */
    private final HashMap<String, String> overlay;
    private final int size;
    /** Base and overlay merged, made on first iteration (encoding, listing names), then kept. */
    private volatile Set<Entry<String, String>> entrySet;

    private Entries(HashMap<String, String> base, HashMap<String, String> overlay, int size) {
        this.base = base;
        this.overlay = overlay;
        this.size = size;
    }

    static Entries copyOf(Map<String, String> entries) {
        if (entries instanceof Entries own) {
            return own;
        }
        HashMap<String, String> copy = new HashMap<>(entries);
        if (copy.containsKey(null) || copy.containsValue(null)) {
            throw new NullPointerException("snapshot keys and values are never null");
        }
        return new Entries(copy, null, copy.size());
    }

    /** The entries with some keys set and others removed; the base is not changed. */
    static Entries changed(Map<String, String> base, Map<String, String> puts, Set<String> removes) {
        Entries from = copyOf(base);
        HashMap<String, String> overlay = from.overlay == null ? new HashMap<>() : new HashMap<>(from.overlay);
        int size = from.size;
        for (Map.Entry<String, String> put : puts.entrySet()) {
            if (from.get(put.getKey()) == null) {
                size++;
            }
            overlay.put(put.getKey(), put.getValue());
        }
        for (String key : removes) {
            if (from.get(key) == null) {
                continue;
            }
            size--;
            if (from.base.containsKey(key)) {
                overlay.put(key, REMOVED);
            } else {
                overlay.remove(key);
            }
        }
        if (overlay.size() <= Math.max(64, from.base.size() / 64)) {
            return new Entries(from.base, overlay, size);
        }
        HashMap<String, String> folded = new HashMap<>(from.base);
        overlay.forEach((key, value) -> {
            if (value == REMOVED) {
                folded.remove(key);
            } else {
                folded.put(key, value);
            }
        });
        return new Entries(folded, null, size);
    }

    @Override
    public String get(Object key) {
        if (overlay != null) {
            String value = overlay.get(key);
            if (value != null) {
                return value == REMOVED ? null : value;
            }
        }
        return base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Set<Entry<String, String>> entries = entrySet;
        if (entries == null) {
            if (overlay == null) {
                entries = Collections.unmodifiableMap(base).entrySet();
            } else {
                HashMap<String, String> merged = new HashMap<>(base);
                overlay.forEach((key, value) -> {
                    if (value == REMOVED) {
                        merged.remove(key);
                    } else {
                        merged.put(key, value);
                    }
                });
                entries = Collections.unmodifiableMap(merged).entrySet();
            }
            entrySet = entries;
        }
        return entries;
    }
}

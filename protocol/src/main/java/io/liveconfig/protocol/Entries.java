package io.liveconfig.protocol;

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

    /**
     * The base, and the keys changed from it ({@link #REMOVED} for removed ones; {@code null} when there are none).
     * Replaced by its folded equivalent on the first iteration, so that iterating (encoding, saving, listing names)
     * does not keep a second full copy next to the shared base.
     */
    private record Layout(HashMap<String, String> base, HashMap<String, String> overlay) {
    }

    private volatile Layout layout;
    private final int size;

    private Entries(HashMap<String, String> base, HashMap<String, String> overlay, int size) {
        this.layout = new Layout(base, overlay);
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
        Layout layout = from.layout;
        HashMap<String, String> overlay = layout.overlay() == null ? new HashMap<>() : new HashMap<>(layout.overlay());
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
            if (layout.base().containsKey(key)) {
                overlay.put(key, REMOVED);
            } else {
                overlay.remove(key);
            }
        }
        if (overlay.size() <= Math.max(64, layout.base().size() / 64)) {
            return new Entries(layout.base(), overlay, size);
        }
        return new Entries(fold(layout.base(), overlay), null, size);
    }

    private static HashMap<String, String> fold(HashMap<String, String> base, HashMap<String, String> overlay) {
        HashMap<String, String> folded = new HashMap<>(base);
        overlay.forEach((key, value) -> {
            if (value == REMOVED) {
                folded.remove(key);
            } else {
                folded.put(key, value);
            }
        });
        return folded;
    }

    @Override
    public String get(Object key) {
        Layout current = layout;
        if (current.overlay() != null) {
            String value = current.overlay().get(key);
            if (value != null) {
                return value == REMOVED ? null : value;
            }
        }
        return current.base().get(key);
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
        Layout current = layout;
        if (current.overlay() != null) {
            // Equal content either way, so a race between two first iterations is harmless.
            current = new Layout(fold(current.base(), current.overlay()), null);
            layout = current;
        }
        return Collections.unmodifiableMap(current.base()).entrySet();
    }
}

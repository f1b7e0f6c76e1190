package io.liveconfig.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one applied snapshot changed in a namespace. Delivered to listeners after the new values are readable.
 * <p>
 * Values are as published: a secret reaches apps as an encrypted {@code ${aes-gcm-nopadding::…}} expression, so it
 * never appears here in clear.
 *
 * @param namespace the namespace
 * @param oldRevision the revision held before, 0 if none
 * @param newRevision the revision now held
 * @param changes each key whose value changed, by key
 */
public record ConfigChange(String namespace, long oldRevision, long newRevision, List<KeyChange> changes) {

    public ConfigChange {
        changes = List.copyOf(changes);
    }

    /**
     * One key's change.
     *
     * @param key the property name
     * @param oldValue the value before, {@code null} if the key was added
     * @param newValue the value now, {@code null} if the key was removed
     */
    public record KeyChange(String key, String oldValue, String newValue) {
    }

    /** The changes of keys that start with a prefix, such as {@code "db."}. */
    public List<KeyChange> changesUnder(String prefix) {
        return changes.stream().filter(change -> change.key().startsWith(prefix)).toList();
    }

    /** Whether a key changed. */
    public boolean changed(String key) {
        return changes.stream().anyMatch(change -> change.key().equals(key));
    }

    /** The differences that setting and removing some keys makes to entries, by key. */
    static List<KeyChange> of(Map<String, String> before, Map<String, String> puts, Set<String> removes) {
        TreeSet<String> keys = new TreeSet<>(puts.keySet());
        keys.addAll(removes);
        return differences(keys, before, puts);
    }

    /** The differences between two sets of entries, by key. */
    static List<KeyChange> between(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        return differences(keys, before, after);
    }

    private static List<KeyChange> differences(TreeSet<String> keys, Map<String, String> before,
            Map<String, String> after) {
        List<KeyChange> changes = new ArrayList<>();
        for (String key : keys) {
            String old = before.get(key);
            String now = after.get(key);
            if (!Objects.equals(old, now)) {
                changes.add(new KeyChange(key, old, now));
            }
        }
        return changes;
    }
}

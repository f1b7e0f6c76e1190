package io.liveconfig.server.revision;

import java.util.List;
import java.util.Optional;

import io.liveconfig.server.store.RevisionStore.KeyWrite;

/**
 * Whether a rollback may bring back a secret value without its answer depending on that value. The rollback is checked
 * against the current schema; were the rules of the key changed since the value was written, that check would say
 * whether the hidden value matches rules the caller chose (delete the key or drop its value, change its pattern, roll
 * back; repeat). The history keeps no schemas, but a schema change cannot change how a held secret is checked without
 * dropping it (see the write package's {@code HeldSecrets}): so the rules are those the value was written under if, at
 * every schema change since, the key held a secret value and kept it. Decided from which revisions changed the key and
 * the schema, never from a value.
 */
final class RestoredSecrets {

    private RestoredSecrets() {
    }

    /** The change of a key that set the value it held at a revision, if it held one. */
    static Optional<KeyWrite> writeAt(List<KeyWrite> changes, long revision) {
        KeyWrite last = null;
        for (KeyWrite change : changes) {
            if (change.revision() <= revision) {
                last = change;
            }
        }
        return Optional.ofNullable(last).filter(KeyWrite::present);
    }

    /**
     * Whether a value of a key written at a revision is checked now by the rules it was written under.
     *
     * @param changes every change of the key, oldest first
     * @param schemaChanges the revisions that may have replaced the schema, oldest first
     */
    static boolean checkedAsWritten(List<KeyWrite> changes, long written, List<Long> schemaChanges) {
        for (long schemaChange : schemaChanges) {
            if (schemaChange <= written) {
                continue;
            }
            boolean changedThen = changes.stream().anyMatch(change -> change.revision() == schemaChange);
            Optional<KeyWrite> held = writeAt(changes, schemaChange - 1);
            if (changedThen || held.isEmpty() || !held.get().secret()) {
                return false; // dropped then, or held no secret the schema had to keep checking alike
            }
        }
        return true;
    }
}

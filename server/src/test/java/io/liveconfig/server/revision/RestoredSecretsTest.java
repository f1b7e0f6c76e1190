package io.liveconfig.server.revision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.liveconfig.server.store.RevisionStore.KeyWrite;

class RestoredSecretsTest {

    private static KeyWrite set(long revision) {
        return new KeyWrite(revision, true, true);
    }

    private static KeyWrite removed(long revision) {
        return new KeyWrite(revision, false, true);
    }

    @Test
    void findsTheWriteThatSetTheValueHeldAtARevision() {
        List<KeyWrite> changes = List.of(set(3), set(5), removed(7));
        assertEquals(Optional.empty(), RestoredSecrets.writeAt(changes, 2));
        assertEquals(Optional.of(set(3)), RestoredSecrets.writeAt(changes, 4));
        assertEquals(Optional.of(set(5)), RestoredSecrets.writeAt(changes, 6));
        assertEquals(Optional.empty(), RestoredSecrets.writeAt(changes, 9));
    }

    @Test
    void aValueIsCheckedAsWrittenWhileEverySchemaChangeSinceFoundASecretHeld() {
        // Schema changes before the write, and one while another secret value was held, keep the checks.
        assertTrue(RestoredSecrets.checkedAsWritten(List.of(set(3), set(5)), 3, List.of(1L, 2L, 4L, 6L)));
        // A schema change while the key held nothing may have changed them.
        assertFalse(RestoredSecrets.checkedAsWritten(List.of(set(3), removed(4), set(6)), 3, List.of(5L)));
        // So may one that dropped the value.
        assertFalse(RestoredSecrets.checkedAsWritten(List.of(set(3), removed(5)), 3, List.of(5L)));
        // And one while the key held a plain value, which a schema may check as it likes.
        assertFalse(RestoredSecrets.checkedAsWritten(List.of(set(3), new KeyWrite(4, true, false)), 3,
                List.of(5L)));
    }
}

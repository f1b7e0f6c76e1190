package io.liveconfig.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    @Test
    void roundTripsEntriesWithAnyCharacters() {
        Snapshot snapshot = Snapshot.of("orders", 42,
                Map.of("a", "1", "%dev.b", "quote \" backslash \\ newline \n unicode é 日本", "empty", ""));

        Snapshot decoded = SnapshotCodec.decode(SnapshotCodec.encode(snapshot));

        assertEquals(snapshot, decoded);
    }

    @Test
    void encodesEqualSnapshotsEqually() {
        Snapshot one = Snapshot.of("orders", 1, Map.of("a", "1", "b", "2", "c", "3"));
        Snapshot two = Snapshot.of("orders", 1, Map.of("c", "3", "b", "2", "a", "1"));

        assertEquals(SnapshotCodec.encode(one), SnapshotCodec.encode(two));
    }

    @Test
    void roundTripsTombstone() {
        Snapshot tombstone = Snapshot.tombstone("orders", 9);

        assertEquals(tombstone, SnapshotCodec.decode(SnapshotCodec.encode(tombstone)));
    }

    @Test
    void roundTripsAnEpochAndHashesIt() {
        Snapshot restored = Snapshot.of("orders", 4, Map.of("a", "1")).withEpoch(2);
        String encoded = SnapshotCodec.encode(restored);

        assertEquals(restored, SnapshotCodec.decode(encoded));
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode(encoded.replace("\"epoch\":2",
                "\"epoch\":3")));
        assertFalse(SnapshotCodec.encode(Snapshot.of("orders", 4, Map.of())).contains("epoch"),
                "epoch 0 is written as before epochs existed");
    }

    @Test
    void peeksAtTheVersionWithoutReadingEntries() {
        Snapshot snapshot = Snapshot.of("orders", 12, Map.of("a", "1")).withEpoch(3);

        assertEquals(new Version(3, 12), SnapshotCodec.peekVersion(SnapshotCodec.encode(snapshot)));
        assertEquals(new Version(3, 13), SnapshotCodec.peekVersion(SnapshotCodec.encodeChange(
                SnapshotChange.step(snapshot.step(13, Map.of("b", "2"), Set.of()), 12, Map.of("b", "2"), Set.of()))));
        // The entries are not read: a value broken after the version still peeks.
        assertEquals(new Version(3, 12), SnapshotCodec.peekVersion(
                SnapshotCodec.encode(snapshot).replace("\"entries\":{", "\"entries\":[")));
        assertThrows(SnapshotFormatException.class,
                () -> SnapshotCodec.peekVersion("{\"format\":9,\"namespace\":\"x\"}"));
    }

    @Test
    void peekRefusesWhatIsNoVersion() {
        for (String garbage : new String[]{"", "null", "[]", "{", "{\"format\":1}", "{\"format\":1,\"namespace\":\"x\","
                + "\"revision\":-1}", "{\"format\":1,\"namespace\":\"x\",\"revision\":\"many\"}",
                "{\"format\":1,\"namespace\":\"x\",\"epoch\":-5,\"revision\":1}", "\u0000\u0001"}) {
            assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.peekVersion(garbage), garbage);
        }
    }

    @Test
    void rejectsTamperedValue() {
        String encoded = SnapshotCodec.encode(Snapshot.of("orders", 3, Map.of("limit", "10")));

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotCodec.decode(encoded.replace("\"10\"", "\"99\"")));
        assertTrue(e.getMessage().contains("hash"), e.getMessage());
    }

    @Test
    void rejectsUnknownFormat() {
        String encoded = SnapshotCodec.encode(Snapshot.of("orders", 3, Map.of()));

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotCodec.decode(encoded.replace("\"format\":1", "\"format\":2")));
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode("not json"));
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode("{\"format\":1}"));
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode("[1,2]"));
        assertThrows(SnapshotFormatException.class,
                () -> SnapshotCodec.decode("{\"format\":1,\"entries\":{\"a\":{\"nested\":1}}}"));
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode("{} trailing"));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String encoded = SnapshotCodec.encode(Snapshot.of("orders", 3, Map.of("a", "b")));
        String extended = encoded.replace("{\"format\":1,", "{\"format\":1,\"publishedBy\":{\"member\":\"x\"},");

        assertEquals(Snapshot.of("orders", 3, Map.of("a", "b")), SnapshotCodec.decode(extended));
    }
}

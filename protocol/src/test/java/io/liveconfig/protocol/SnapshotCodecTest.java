package io.liveconfig.protocol;

import static io.liveconfig.protocol.Signing.SIGNER;
import static io.liveconfig.protocol.Signing.decode;
import static io.liveconfig.protocol.Signing.encode;
import static io.liveconfig.protocol.Signing.encodeChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    @Test
    void roundTripsEntriesWithAnyCharacters() {
        Snapshot snapshot = Snapshot.of("orders", 42,
                Map.of("a", "1", "%dev.b", "quote \" backslash \\ newline \n unicode é 日本", "empty", ""));

        Snapshot decoded = decode(encode(snapshot));

        assertEquals(snapshot, decoded);
    }

    @Test
    void encodesEqualSnapshotsEqually() {
        Snapshot one = Snapshot.of("orders", 1, Map.of("a", "1", "b", "2", "c", "3"));
        Snapshot two = Snapshot.of("orders", 1, Map.of("c", "3", "b", "2", "a", "1"));

        assertEquals(encode(one), encode(two));
    }

    @Test
    void roundTripsTombstone() {
        Snapshot tombstone = Snapshot.tombstone("orders", 9);

        assertEquals(tombstone, decode(encode(tombstone)));
    }

    @Test
    void roundTripsAnEpochAndHashesIt() {
        Snapshot restored = Snapshot.of("orders", 4, Map.of("a", "1")).withEpoch(2);
        String encoded = encode(restored);

        assertEquals(restored, decode(encoded));
        assertThrows(SnapshotFormatException.class, () -> decode(encoded.replace("\"epoch\":2",
                "\"epoch\":3")));
        assertFalse(encode(Snapshot.of("orders", 4, Map.of())).contains("epoch"),
                "epoch 0 is written as before epochs existed");
    }

    @Test
    void peeksAtTheVersionWithoutReadingEntries() {
        Snapshot snapshot = Snapshot.of("orders", 12, Map.of("a", "1")).withEpoch(3);

        assertEquals(new Version(3, 12), SnapshotCodec.peekVersion(encode(snapshot)));
        assertEquals(new Version(3, 13), SnapshotCodec.peekVersion(encodeChange(
                SnapshotChange.step(snapshot.step(13, Map.of("b", "2"), Set.of()), 12, Map.of("b", "2"), Set.of()))));
        // The entries are not read: a value broken after the version still peeks.
        assertEquals(new Version(3, 12), SnapshotCodec.peekVersion(
                encode(snapshot).replace("\"entries\":{", "\"entries\":[")));
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
        String encoded = encode(Snapshot.of("orders", 3, Map.of("limit", "10")));

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> decode(encoded.replace("\"10\"", "\"99\"")));
        assertTrue(e.getMessage().contains("hash"), e.getMessage());
    }

    @Test
    void rejectsUnknownFormat() {
        String encoded = encode(Snapshot.of("orders", 3, Map.of()));

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> decode(encoded.replace("\"format\":1", "\"format\":2")));
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(SnapshotFormatException.class, () -> decode("not json"));
        assertThrows(SnapshotFormatException.class, () -> decode("{\"format\":1}"));
        assertThrows(SnapshotFormatException.class, () -> decode("[1,2]"));
        assertThrows(SnapshotFormatException.class,
                () -> decode("{\"format\":1,\"entries\":{\"a\":{\"nested\":1}}}"));
        assertThrows(SnapshotFormatException.class, () -> decode("{} trailing"));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String encoded = encode(Snapshot.of("orders", 3, Map.of("a", "b")));
        String extended = encoded.replace("{\"format\":1,", "{\"format\":1,\"publishedBy\":{\"member\":\"x\"},");

        assertEquals(Snapshot.of("orders", 3, Map.of("a", "b")), decode(extended));
    }

    @Test
    void appliesOnlyWhatATrustedKeySigned() {
        Snapshot snapshot = Snapshot.of("orders", 3, Map.of("limit", "10"));
        String genuine = encode(snapshot);
        PublicationSigner stranger = PublicationSigner.generate();

        Sealed<Snapshot> sealed = SnapshotCodec.decode(genuine, Signing.TRUST);
        assertEquals(snapshot, sealed.value());
        assertEquals(SIGNER.keyId(), sealed.seal().keyId());
        Signing.TRUST.verify(sealed.seal()); // a seal alone verifies, as the server checks an app's report

        String foreign = SnapshotCodec.encode(snapshot, stranger);
        String unsigned = foreign.replaceAll(",\"key\":\"[^\"]*\",\"signature\":\"[^\"]*\"", "");
        // A stranger copies the genuine signature over other content: the hash is theirs, the signature is not.
        String copied = foreign.replace(stranger.keyId(), SIGNER.keyId()).replaceAll("\"signature\":\"[^\"]*\"",
                "\"signature\":\"" + sealed.seal().signature() + "\"").replace("\"10\"", "\"99\"");
        String rehashed = copied.replaceAll("\"hash\":\"[^\"]*\"", "\"hash\":\"" + SnapshotCodec.hash(
                Snapshot.of("orders", 3, Map.of("limit", "99"))) + "\"");
        for (String forged : new String[]{foreign, unsigned, rehashed}) {
            assertThrows(UntrustedPublicationException.class, () -> SnapshotCodec.decode(forged, Signing.TRUST),
                    forged);
        }
        assertEquals(Snapshot.of("orders", 3, Map.of("limit", "10")),
                SnapshotCodec.decode(unsigned.replace(stranger.keyId(), ""), TrustedKeys.insecure()).value());
    }

    @Test
    void signsChangesOverTheirBaseAndSteps() {
        Snapshot next = Snapshot.of("orders", 8, Map.of("a", "1")).withEpoch(2);
        String genuine = encodeChange(SnapshotChange.step(next, 7, Map.of("a", "1"), Set.of()));

        Sealed<SnapshotChange> sealed = SnapshotCodec.decodeChange(genuine, Signing.TRUST);
        assertEquals(7, sealed.seal().baseRevision());
        assertEquals(Seal.Kind.CHANGE, sealed.seal().kind());
        assertEquals(sealed.seal(), SnapshotCodec.peekSeal(genuine));
        // The same step claimed from another base, hash recomputed: the signature no longer covers it.
        SnapshotChange moved = SnapshotChange.step(next, 6, Map.of("a", "1"), Set.of());
        String forged = genuine.replace("\"base\":7", "\"base\":6").replaceAll("\"hash\":\"[^\"]*\"",
                "\"hash\":\"" + SnapshotCodec.hash(moved) + "\"");
        assertThrows(UntrustedPublicationException.class, () -> SnapshotCodec.decodeChange(forged, Signing.TRUST));
        assertThrows(IllegalArgumentException.class, () -> TrustedKeys.of(List.of("not a key")));
        assertEquals(Set.of(SIGNER.keyId()), TrustedKeys.of(List.of(SIGNER.publicKeyText())).keyIds());
    }
}

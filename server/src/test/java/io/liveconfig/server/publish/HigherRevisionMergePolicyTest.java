package io.liveconfig.server.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hazelcast.spi.merge.MergingValue;

import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotCodec;

class HigherRevisionMergePolicyTest {

    private final HigherRevisionMergePolicy policy = new HigherRevisionMergePolicy();

    private static MergingValue<Object> value(Object value) {
        return new MergingValue<>() {
            @Override
            public Object getDeserializedValue() {
                return value;
            }

            @Override
            public Object getRawValue() {
                return value;
            }
        };
    }

    private static final PublicationSigner SIGNER = PublicationSigner.generate();

    private static String snapshot(long revision) {
        return SnapshotCodec.encode(Snapshot.of("ns", revision, Map.of("r", Long.toString(revision))), SIGNER);
    }

    @Test
    void keepsTheHigherRevisionWhicheverSideItIsOn() {
        assertEquals(snapshot(5), policy.merge(value(snapshot(5)), value(snapshot(3))));
        assertEquals(snapshot(5), policy.merge(value(snapshot(3)), value(snapshot(5))));
        assertEquals(snapshot(4), policy.merge(value(snapshot(4)), null));
    }

    @Test
    void aLaterHistoryEpochWinsOverAHigherRevision() {
        String restored = SnapshotCodec.encode(Snapshot.of("ns", 2, Map.of("r", "restored")).withEpoch(1), SIGNER);
        assertEquals(restored, policy.merge(value(restored), value(snapshot(9))));
        assertEquals(restored, policy.merge(value(snapshot(9)), value(restored)));
    }

    @Test
    void anUnreadableValueLoses() {
        assertEquals(snapshot(1), policy.merge(value("garbage"), value(snapshot(1))));
        assertEquals(snapshot(1), policy.merge(value(snapshot(1)), value("garbage")));
    }
}

package io.liveconfig.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.signing.SigningKeys;

/** What the server published, as the secret tests read it, and the schema rules they write. */
final class Published {

    private Published() {
    }

    /** The whole snapshot in the map once it reached a revision; it follows its step a moment later. */
    static Snapshot wholeAt(ClusterMember member, SigningKeys keys, String namespace, long revision) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Snapshot whole = SnapshotCodec.decode(member.snapshots().get(namespace), keys.trust()).value();
        while (whole.revision() < revision && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            whole = SnapshotCodec.decode(member.snapshots().get(namespace), keys.trust()).value();
        }
        assertEquals(revision, whole.revision());
        return whole;
    }

    /** A schema rule from its fields, in order: {@code rule("key", "a", "secret", true)}. */
    static Map<String, Object> rule(Object... keyValues) {
        Map<String, Object> rule = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            rule.put((String) keyValues[i], keyValues[i + 1]);
        }
        return rule;
    }
}

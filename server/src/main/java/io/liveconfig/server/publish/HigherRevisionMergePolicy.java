package io.liveconfig.server.publish;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.Version;

/**
 * When a split brain heals, keeps the snapshot with the higher revision (within the higher history epoch, see
 * {@link Version#supersedes}), not the one written last (wall clocks differ) nor the one that was there first
 * (Hazelcast's default). A value that is not a snapshot or change loses. Versions are read from the first fields only,
 * unverified (merge policies run inside Hazelcast, without the server's keys): the repair that follows every merge
 * verifies what the maps hold and publishes the database's state over anything the server did not sign.
 */
public class HigherRevisionMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        Version incoming = version(merging);
        Version held = version(existing);
        boolean takeIncoming = held == null ? incoming != null : incoming != null && incoming.supersedes(held);
        return takeIncoming ? merging.getRawValue() : existing.getRawValue();
    }

    /** The version a snapshot or change reached; {@code null} if the value is neither. */
    private static Version version(MergingValue<Object> value) {
        try {
            return value.getDeserializedValue() instanceof String text ? SnapshotCodec.peekVersion(text) : null;
        } catch (RuntimeException e) {
            return null; // not ours, or not deserializable here
        }
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        // stateless
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        // stateless
    }
}

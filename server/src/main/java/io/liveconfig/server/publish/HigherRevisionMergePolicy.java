package io.liveconfig.server.publish;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;

/**
 * When a split brain heals, keeps the snapshot with the higher revision (within the higher history epoch, see
 * {@link Snapshot#supersedes}), not the one written last (wall clocks differ) nor the one that was there first
 * (Hazelcast's default). A value that is not a sound snapshot loses.
 */
public class HigherRevisionMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        Snapshot incoming = snapshot(merging);
        Snapshot held = snapshot(existing);
        boolean takeIncoming = held == null ? incoming != null : incoming != null && incoming.supersedes(held);
        return takeIncoming ? merging.getRawValue() : existing.getRawValue();
    }

    /**
     * The snapshot a value holds, or for a change the namespace, epoch and revision it reached; {@code null} if it is
     * not a sound one.
     */
    private static Snapshot snapshot(MergingValue<Object> value) {
        String text = MapReads.text(value::getDeserializedValue);
        if (text == null) {
            return null;
        }
        try {
            return SnapshotCodec.decode(text);
        } catch (SnapshotFormatException notASnapshot) {
            try {
                SnapshotChange change = SnapshotCodec.decodeChange(text);
                return Snapshot.of(change.namespace(), change.revision(), Map.of()).withEpoch(change.epoch());
            } catch (SnapshotFormatException e) {
                return null;
            }
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

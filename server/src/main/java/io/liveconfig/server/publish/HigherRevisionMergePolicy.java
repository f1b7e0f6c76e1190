package io.liveconfig.server.publish;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

import io.liveconfig.snapshot.SnapshotCodec;
import io.liveconfig.snapshot.SnapshotFormatException;

/**
 * When a split brain heals, keeps the snapshot with the higher revision, not the one written last (wall clocks differ)
 * nor the one that was there first (Hazelcast's default). A value that is not a sound snapshot loses.
 */
public class HigherRevisionMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        return revision(merging) > revision(existing) ? merging.getRawValue() : existing.getRawValue();
    }

    private static long revision(MergingValue<Object> value) {
        try {
            return value.getDeserializedValue() instanceof String text ? SnapshotCodec.decode(text).revision() : -1;
        } catch (SnapshotFormatException e) {
            return -1;
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

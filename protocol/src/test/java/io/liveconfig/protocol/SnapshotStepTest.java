package io.liveconfig.protocol;

import static io.liveconfig.protocol.Signing.decode;
import static io.liveconfig.protocol.Signing.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SnapshotStepTest {

    @Test
    void stepsEqualTheSameChangesMadeToAPlainMapThroughEveryFold() {
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            expected.put("k" + i, "v" + i);
        }
        Snapshot snapshot = Snapshot.of("ns", 1, expected);
        Random random = new Random(42);
        for (int revision = 2; revision <= 400; revision++) {
            Map<String, String> puts = new HashMap<>();
            Set<String> removes = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                String key = "k" + random.nextInt(1_200);
                if (random.nextBoolean()) {
                    puts.put(key, "r" + revision);
                    removes.remove(key);
                } else if (!puts.containsKey(key)) {
                    removes.add(key);
                }
            }
            Snapshot before = snapshot;
            Map<String, String> previous = new HashMap<>(expected);
            snapshot = snapshot.step(revision, puts, removes);
            expected.putAll(puts);
            expected.keySet().removeAll(removes);

            assertEquals(expected.size(), snapshot.entries().size(), "size at revision " + revision);
            for (String key : puts.keySet()) {
                assertEquals(expected.get(key), snapshot.entries().get(key));
            }
            for (String key : removes) {
                assertNull(snapshot.entries().get(key));
            }
            assertEquals(previous, before.entries(), "the snapshot stepped from is unchanged");
        }
        assertEquals(expected, snapshot.entries());
        assertEquals(Snapshot.of("ns", 400, expected), decode(encode(snapshot)));
    }
}

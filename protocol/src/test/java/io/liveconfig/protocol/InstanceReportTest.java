package io.liveconfig.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class InstanceReportTest {

    @Test
    void carriesTheSealsOfWhatItHolds() {
        Snapshot held = Snapshot.of("orders", 5, Map.of("a", "1")).withEpoch(1);
        Seal seal = SnapshotCodec.decodeChange(Signing.encodeChange(SnapshotChange.step(held, 4, Map.of("a", "1"),
                Set.of())), Signing.TRUST).seal();
        InstanceReport report = new InstanceReport("i-1", "host", "app", Map.of("orders", 5L), Map.of("orders", 1L),
                Map.of("orders", seal), List.of(Signing.SIGNER.keyId()), List.of("refused"), 42);

        InstanceReport read = InstanceReport.decode(report.encode());

        assertEquals(report, read);
        Signing.TRUST.verify(read.seals().get("orders"));
    }

    @Test
    void boundsWhatAStrangerCanMakeTheServerKeep() {
        String longText = "x".repeat(5_000);
        InstanceReport chatty = new InstanceReport("i-1", "h", "a", Map.of(), Map.of(), Map.of(), List.of(),
                List.of(longText, longText, longText, longText, longText, longText, longText, longText, longText,
                        longText, longText, longText),
                1);

        InstanceReport read = InstanceReport.decode(chatty.encode());

        assertEquals(InstanceReport.MAX_REJECTIONS, read.rejections().size());
        assertTrue(read.rejections().get(0).length() <= InstanceReport.MAX_REJECTION_LENGTH + 1);
        Map<String, Long> many = new HashMap<>();
        for (int i = 0; i <= InstanceReport.MAX_NAMESPACES; i++) {
            many.put("n" + i, 1L);
        }
        String tooMany = new InstanceReport("i-2", "h", "a", many, Map.of(), Map.of(), List.of(), List.of(), 1)
                .encode();
        assertThrows(SnapshotFormatException.class, () -> InstanceReport.decode(tooMany));
        assertThrows(SnapshotFormatException.class, () -> InstanceReport.decode("{\"instance\":\"i\","
                + "\"reportedAt\":1,\"revisions\":{\"a\":\"x\"}}"));
        assertThrows(SnapshotFormatException.class, () -> InstanceReport.decode("x".repeat(70_000)));
    }

    @Test
    void carriesTheKeysTheAppAppliesOnlyWhenItRestarts() {
        FixedKeys fixed = FixedKeys.of(List.of("shop.b", "shop.a"), List.of("mapped"),
                Map.of("orders", new Version(2, 7), "empty", new Version(0, 0)));
        InstanceReport report = new InstanceReport("i-1", "host", "app", Map.of("orders", 9L), Map.of(), Map.of(),
                List.of(), List.of(), 42, fixed);

        InstanceReport read = InstanceReport.decode(report.encode());

        assertEquals(report, read);
        assertEquals(List.of("shop.a", "shop.b"), read.fixed().keys());
        assertTrue(read.fixed().complete());
        assertTrue(read.fixed().isFixed("shop.a"));
        assertTrue(read.fixed().isFixed("mapped.port"));
        assertTrue(read.fixed().isFixed("mapped"));
        assertFalse(read.fixed().isFixed("mappedx"));
        assertFalse(read.fixed().isFixed("shop.c"));
        assertTrue(FixedKeys.of(List.of(), List.of(""), Map.of()).isFixed("anything"));
    }

    @Test
    void readsReportsOfAppsThatDoNotSayWhatIsFixed() {
        InstanceReport read = InstanceReport.decode("{\"instance\":\"i\",\"reportedAt\":1,\"revisions\":{\"a\":3}}");

        assertNull(read.fixed());
        assertEquals(Map.of("a", 3L), read.revisions());
    }

    @Test
    void boundsTheFixedKeysAndSaysWhenSomeAreLeftOut() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= FixedKeys.MAX_KEYS; i++) {
            many.add("k" + i);
        }
        FixedKeys cut = FixedKeys.of(many, List.of(), Map.of());
        assertEquals(FixedKeys.MAX_KEYS, cut.keys().size());
        assertFalse(cut.complete());
        FixedKeys tooLong = FixedKeys.of(List.of("x".repeat(FixedKeys.MAX_KEY_LENGTH + 1), "short"), List.of(),
                Map.of());
        assertEquals(List.of("short"), tooLong.keys());
        assertFalse(tooLong.complete());

        // A stranger's report that claims to be complete with more than the bounds is read as incomplete, not cut.
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i <= FixedKeys.MAX_KEYS; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
        }
        InstanceReport read = InstanceReport.decode("{\"instance\":\"i\",\"reportedAt\":1,\"fixed\":{\"keys\":["
                + keys + ",\"" + "y".repeat(1000) + "\"],\"prefixes\":[],\"since\":{},\"complete\":true}}");
        assertEquals(FixedKeys.MAX_KEYS, read.fixed().keys().size());
        assertFalse(read.fixed().complete());
        assertTrue(read.fixed().keys().stream().allMatch(key -> key.length() <= FixedKeys.MAX_KEY_LENGTH));
        assertThrows(SnapshotFormatException.class, () -> InstanceReport.decode("{\"instance\":\"i\","
                + "\"reportedAt\":1,\"fixed\":{\"since\":{\"a\":{\"revision\":-1}}}}"));
        assertThrows(SnapshotFormatException.class, () -> InstanceReport.decode("{\"instance\":\"i\","
                + "\"reportedAt\":1,\"fixed\":{\"keys\":[1]}}"));
    }
}

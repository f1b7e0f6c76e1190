package io.liveconfig.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

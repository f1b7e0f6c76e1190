package io.liveconfig.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Sealed;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.TrustedKeys;

/**
 * What signed publications cost: an app decoding and verifying a one-key step and a 100,000-key snapshot, next to the
 * same decoding with its content hash checked but no signature ({@link TrustedKeys#insecure()}, what a decode cost
 * before publications were signed), and the server signing a step. Ed25519 is the JDK's own implementation. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar VerificationBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerificationBenchmark {

    /** A one-key step of a small namespace, as apps receive most changes. */
    @State(Scope.Benchmark)
    public static class Step {
        PublicationSigner signer;
        TrustedKeys trust;
        SnapshotChange change;
        String encoded;

        @Setup
        public void encode() {
            signer = PublicationSigner.generate();
            trust = TrustedKeys.ofKeys(List.of(signer.publicKey()));
            Snapshot next = Snapshot.of("orders", 8, Map.of("timeout", "30s", "limit", "10"));
            change = SnapshotChange.step(next, 7, Map.of("timeout", "30s"), Set.of());
            encoded = SnapshotCodec.encodeChange(change, signer);
        }
    }

    /** The whole snapshot of a 100,000-key namespace (keys and values of 100 characters, as in the scale bench). */
    @State(Scope.Benchmark)
    public static class Whole {
        TrustedKeys trust;
        String encoded;

        @Setup
        public void encode() {
            PublicationSigner signer = PublicationSigner.generate();
            trust = TrustedKeys.ofKeys(List.of(signer.publicKey()));
            Map<String, String> entries = new HashMap<>();
            for (int i = 0; i < 100_000; i++) {
                String key = "scale.group" + (i % 10) + ".key" + i;
                entries.put(key, "v".repeat(100 - key.length()));
            }
            encoded = SnapshotCodec.encode(Snapshot.of("scale", 21, entries), signer);
        }
    }

    @Benchmark
    public Sealed<SnapshotChange> stepVerified(Step step) {
        return SnapshotCodec.decodeChange(step.encoded, step.trust);
    }

    @Benchmark
    public Sealed<SnapshotChange> stepHashOnly(Step step) {
        return SnapshotCodec.decodeChange(step.encoded, TrustedKeys.insecure());
    }

    @Benchmark
    public String stepSigned(Step step) {
        return SnapshotCodec.encodeChange(step.change, step.signer);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Sealed<Snapshot> snapshotVerified(Whole whole) {
        return SnapshotCodec.decode(whole.encoded, whole.trust);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Sealed<Snapshot> snapshotHashOnly(Whole whole) {
        return SnapshotCodec.decode(whole.encoded, TrustedKeys.insecure());
    }
}

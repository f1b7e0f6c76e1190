package io.liveconfig.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.source.SnapshotGateway;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The read path: our source's {@code getValue}, and {@code Config.getValue} through SmallRye Config, next to SmallRye's
 * own {@link PropertiesConfigSource} holding the same keys. The source is fed by an in-process gateway, since the read
 * path never touches the cluster. Run with {@code -prof gc} to see allocation per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReadPathBenchmark {

    @Param({"10", "1000", "100000"})
    int keys;

    private String[] names;
    private int next;
    private LiveConfigSource live;
    private PropertiesConfigSource properties;
    private SmallRyeConfig liveConfig;
    private SmallRyeConfig propertiesConfig;

    /** A cluster that published one snapshot and stays silent. */
    private static final class StillGateway implements SnapshotGateway {
        private final String encoded;

        StillGateway(String encoded) {
            this.encoded = encoded;
        }

        @Override
        public void listen(Listener listener) {
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public Optional<String> fetch(String namespace) {
            return Optional.of(encoded);
        }

        @Override
        public Optional<String> fetchChange(String namespace) {
            return Optional.empty();
        }

        @Override
        public void report(String instance, String encodedReport, Duration ttl) {
        }

        @Override
        public void withdraw(String instance) {
        }

        @Override
        public void close() {
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Map<String, String> entries = new HashMap<>();
        names = new String[Math.min(keys, 1024)];
        for (int i = 0; i < keys; i++) {
            String name = "app.section" + (i % 97) + ".key" + i;
            entries.put(name, "value-" + i);
            if (i < names.length) {
                // Another instance with the same characters, as a caller's key is: no identity shortcut in equals.
                names[i] = new String(name.toCharArray());
            }
        }
        PublicationSigner signer = PublicationSigner.generate();
        LiveConfigSettings settings = LiveConfigSettings.of(List.of("bench"), "bench", List.of("127.0.0.1:1"),
                List.of(signer.publicKeyText()))
                .withSnapshots(Files.createTempDirectory("liveconfig-bench"), LiveConfigSettings.Startup.FAIL);
        live = LiveConfigSource.connect(settings,
                new StillGateway(SnapshotCodec.encode(Snapshot.of("bench", 1, entries), signer)));
        properties = new PropertiesConfigSource(entries, "properties", 275);
        liveConfig = new SmallRyeConfigBuilder().withSources(live).build();
        propertiesConfig = new SmallRyeConfigBuilder().withSources(properties).build();
        if (!("value-0").equals(live.getValue(names[0]))) {
            throw new IllegalStateException("the source does not hold the benchmark's keys");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        live.close();
    }

    private String name() {
        int i = next + 1;
        if (i == names.length) {
            i = 0;
        }
        next = i;
        return names[i];
    }

    @Benchmark
    public String liveConfigSourceGetValue() {
        return live.getValue(name());
    }

    @Benchmark
    public String propertiesConfigSourceGetValue() {
        return properties.getValue(name());
    }

    @Benchmark
    public String liveThroughSmallRyeConfig() {
        return liveConfig.getValue(name(), String.class);
    }

    @Benchmark
    public String propertiesThroughSmallRyeConfig() {
        return propertiesConfig.getValue(name(), String.class);
    }
}

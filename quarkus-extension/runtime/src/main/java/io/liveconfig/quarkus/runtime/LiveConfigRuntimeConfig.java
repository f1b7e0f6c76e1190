package io.liveconfig.quarkus.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.liveconfig.source.LiveConfigSettings;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Where a Quarkus app reads its live configuration from.
 * <p>
 * Read by the config source factory while the configuration is being built, so the defaults here are the config
 * source's own ({@link LiveConfigSettings}).
 */
@ConfigMapping(prefix = "quarkus.liveconfig")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface LiveConfigRuntimeConfig {

    /**
     * Whether the LiveConfig config source is active. When it is, but no namespace is set, it stays inactive too.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Namespaces whose values this app reads, highest precedence first: for a key set in several, the first listed
     * wins.
     */
    Optional<List<String>> namespaces();

    /**
     * Name of the LiveConfig Hazelcast cluster to join as a client. It is an equality check, not a secret.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_CLUSTER_NAME)
    String clusterName();

    /**
     * Addresses ({@code host:port}) of LiveConfig server members to connect to; one that answers is enough.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_ADDRESSES)
    List<String> addresses();

    /**
     * How long start-up waits for the first connection to the cluster before it fails. Once connected, the app
     * reconnects by itself for as long as it runs, serving the values it holds meanwhile.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_CONNECT_TIMEOUT)
    @WithConverter(DurationConverter.class)
    Duration connectTimeout();

    /**
     * Ordinal of the LiveConfig config source. The default, 275, lies above {@code application.properties} (250), so
     * live values override packaged defaults, and below environment variables (300) and system properties (400), so an
     * operator can still pin a value on one instance.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_ORDINAL_TEXT)
    int ordinal();

    /**
     * How often the app re-reads every namespace from the cluster, to heal change events that were lost.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_RESYNC_INTERVAL)
    @WithConverter(DurationConverter.class)
    Duration resyncInterval();

    /**
     * Where the last-known-good snapshot of each namespace is saved, to start from when the cluster cannot be reached.
     * Default: {@code <user.home>/.liveconfig/snapshots/<cluster name>}.
     */
    Optional<String> snapshotDir();

    /**
     * What start-up does when no member answers within the connect timeout: {@code last-known-good} starts from the
     * saved snapshots (or without live values) and keeps connecting in the background; {@code fail} stops the app.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_STARTUP)
    String startup();

    /**
     * The application's name in the instance reports the server shows per namespace.
     */
    @WithDefault("${quarkus.application.name:unknown}")
    String appName();

    /** The settings of the config source, when it is wanted. */
    default Optional<LiveConfigSettings> settings() {
        if (!enabled() || namespaces().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LiveConfigSettings(namespaces().get(), clusterName(), addresses(), connectTimeout(),
                ordinal(), resyncInterval(), snapshotDir().map(Path::of).orElse(null),
                LiveConfigSettings.Startup.parse("quarkus.liveconfig.startup", startup()), appName()));
    }
}

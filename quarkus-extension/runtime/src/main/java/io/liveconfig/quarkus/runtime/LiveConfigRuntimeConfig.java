package io.liveconfig.quarkus.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSettings.Startup;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigDocFilename;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Where a Quarkus app reads its live configuration from.
 * <p>
 * Read by the config source factory while the configuration is being built, so the defaults here are the config
 * source's own ({@link LiveConfigSettings}), and converters are named: that early configuration has only SmallRye's
 * built-in ones.
 */
@ConfigMapping(prefix = "quarkus.liveconfig")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
// Names the generated reference docs/config-reference.md: the plugin swaps .adoc for the format's extension.
@ConfigDocFilename("config-reference.adoc")
public interface LiveConfigRuntimeConfig {

    /**
     * Whether the LiveConfig config source is active; without any namespace it stays inactive too.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Namespaces whose values this app reads, highest precedence first, so that for a key set in several the first
     * listed wins; the source is inactive without any.
     */
    Optional<List<String>> namespaces();

    /**
     * Name of the LiveConfig Hazelcast cluster to join as a client, which is an equality check rather than a secret.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_CLUSTER_NAME)
    String clusterName();

    /**
     * Addresses ({@code host:port}) of LiveConfig server members to connect to, of which one that answers is enough.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_ADDRESSES)
    List<String> addresses();

    /**
     * How long start-up waits for the first connection to the cluster, after which the app reconnects by itself for as
     * long as it runs and serves the values it holds meanwhile.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_CONNECT_TIMEOUT)
    @WithConverter(DurationConverter.class)
    Duration connectTimeout();

    /**
     * How long start-up waits for the first connection instead, when every namespace has a saved copy to serve
     * meanwhile and {@code startup} is {@code last-known-good}: the app starts on its saved copies and connects in the
     * background.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_FIRST_CONTACT_TIMEOUT)
    @WithConverter(DurationConverter.class)
    Duration firstContactTimeout();

    /**
     * Ordinal of the LiveConfig config source, by default above {@code application.properties} (250) so that live
     * values override packaged defaults, and below environment variables (300) and system properties (400) so that an
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
     * Directory where the last-known-good snapshot of each namespace is saved, to start from when the cluster cannot be
     * reached.
     */
    // Optional because the default depends on the cluster name, which the source sanitizes into a directory name.
    @ConfigDocDefault("<user.home>/.liveconfig/snapshots/<cluster name>")
    @WithConverter(PathConverter.class)
    Optional<Path> snapshotDir();

    /**
     * What start-up does when no member answers within the connect timeout: {@code last-known-good} starts from the
     * saved snapshots (or without live values) and keeps connecting in the background, {@code fail} stops the app.
     */
    @WithDefault(LiveConfigSettings.DEFAULT_STARTUP)
    Startup startup();

    /**
     * The application's name in the instance reports the server shows per namespace.
     */
    @WithDefault("${quarkus.application.name:unknown}")
    String appName();

    /**
     * Address of the LiveConfig server's REST API (such as {@code http://localhost:8080}), which the Dev UI card links
     * to; the app itself needs only the cluster, so without it the card shows the cluster's addresses.
     */
    Optional<String> serverUrl();

    /** Whom the app trusts to publish its configuration. */
    Trust trust();

    /**
     * The app applies only publications that the server's signing key signed: the cluster port is not authenticated.
     */
    interface Trust {

        /**
         * Public keys of the server's signing keys (base64, as {@code GET /api/v1/signing-keys} lists them), of which
         * every publication must be signed by one; list the next key here before the server rotates to it.
         */
        Optional<List<String>> publicKeys();

        /**
         * Whether to apply publications without checking their signatures, which lets anyone who reaches the cluster
         * port change this app's values; the app refuses to start without a trusted key unless this is set.
         */
        @WithDefault("false")
        boolean insecure();
    }

    /** Whether the app wants the config source: it is enabled and names namespaces. */
    default boolean wanted() {
        return enabled() && namespaces().isPresent();
    }

    /** The settings of the config source, when it is wanted. */
    default Optional<LiveConfigSettings> settings() {
        if (!wanted()) {
            return Optional.empty();
        }
        return Optional.of(new LiveConfigSettings(namespaces().get(), clusterName(), addresses(), connectTimeout(),
                ordinal(), resyncInterval(), snapshotDir().orElse(null), startup(), appName(),
                trust().publicKeys().orElse(List.of()), trust().insecure(), firstContactTimeout()));
    }
}

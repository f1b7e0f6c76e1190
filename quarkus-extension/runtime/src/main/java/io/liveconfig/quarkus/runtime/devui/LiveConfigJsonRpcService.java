package io.liveconfig.quarkus.runtime.devui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.quarkus.runtime.LiveConfigRuntimeConfig;
import io.liveconfig.source.LiveConfigSource;

/**
 * What the Dev UI card shows, read from the app's LiveConfig sources when a page asks: registered in dev mode only.
 * <p>
 * Secrets never leave the app in clear: the server publishes a secret as a SmallRye Config secret expression
 * ({@code ${aes-gcm-nopadding::…}}), so a key whose published value is one is shown masked, both as published and as
 * the app resolves it, even when another source overrides it.
 */
public class LiveConfigJsonRpcService {

    /** What a secret shows as; of fixed length, so that it does not tell a value's length either. */
    static final String MASK = "******";

    @Inject
    LiveConfigRuntimeConfig settings;

    /**
     * One config source's state.
     *
     * @param name the source's name, as config values name the source they come from
     * @param ordinal its ordinal
     * @param connected whether the cluster is reachable now
     * @param stale whether the app may be serving outdated values
     * @param offlineSince since when the cluster has been unreachable, if it is
     * @param savedCopySince since when values come from saved copies, if they do
     * @param namespaces the namespaces read, highest precedence first
     * @param resyncCatchUps re-reads that found changes events had missed
     * @param untrustedPublications publications refused for their signature
     * @param rejectedRevisions revisions refused because a value did not convert
     * @param rejections the last rejections, newest last
     * @param changeEventsDelivered calls of change listeners that returned
     * @param changeEventsFailed calls of change listeners that threw
     */
    public record SourceView(String name, int ordinal, boolean connected, boolean stale, String offlineSince,
            String savedCopySince, List<NamespaceView> namespaces, long resyncCatchUps, long untrustedPublications,
            long rejectedRevisions, List<String> rejections, long changeEventsDelivered, long changeEventsFailed) {
    }

    /**
     * One namespace as the source holds it.
     *
     * @param name the namespace
     * @param held whether the source holds a snapshot of it
     * @param revision the applied revision, 0 if none
     * @param epoch the applied revision's epoch
     * @param keys how many keys it has
     */
    public record NamespaceView(String name, boolean held, long revision, long epoch, int keys) {
    }

    /**
     * Where the LiveConfig server is.
     *
     * @param url the REST API's address, when configured ({@code quarkus.liveconfig.server-url}), else null
     * @param clusterName the cluster the app joins
     * @param addresses the cluster members the app connects to
     */
    public record ServerView(String url, String clusterName, List<String> addresses) {
    }

    /**
     * One key that a LiveConfig namespace holds, and what the app's configuration makes of it.
     *
     * @param key the property name
     * @param namespace the namespace whose value the source serves (the first listed that holds the key)
     * @param publishedValue the value as published, masked for a secret
     * @param secret whether the server published the value as a secret
     * @param value the value the app's configuration resolves, masked for a secret; null if it does not resolve
     * @param sourceName the config source the app's value comes from, which is another one when that overrides
     * LiveConfig (a system property, an environment variable)
     * @param sourceOrdinal that source's ordinal
     * @param overridden whether a source other than LiveConfig's provides the app's value
     * @param problem why the value does not resolve (such as a secret without its decryption key), else null
     */
    public record ValueView(String key, String namespace, String publishedValue, boolean secret, String value,
            String sourceName, int sourceOrdinal, boolean overridden, String problem) {
    }

    /** The card's label: whether the app is connected to the cluster. */
    public String getConnectionLabel() {
        List<LiveConfigSource> sources = liveSources();
        if (sources.isEmpty()) {
            return "inactive";
        }
        return sources.stream().allMatch(source -> source.status().connected()) ? "connected" : "offline";
    }

    /** The state of each LiveConfig source of the app; none when LiveConfig is inactive. */
    public List<SourceView> getSources() {
        List<SourceView> views = new ArrayList<>();
        for (LiveConfigSource source : liveSources()) {
            LiveConfigSource.Status status = source.status();
            List<NamespaceView> namespaces = new ArrayList<>();
            for (String namespace : source.namespaces()) {
                Optional<Snapshot> snapshot = source.snapshot(namespace);
                namespaces.add(new NamespaceView(namespace, snapshot.isPresent(),
                        status.revisions().getOrDefault(namespace, 0L), status.epochs().getOrDefault(namespace, 0L),
                        snapshot.map(held -> held.entries().size()).orElse(0)));
            }
            views.add(new SourceView(source.getName(), source.getOrdinal(), status.connected(), status.stale(),
                    text(status.offlineSince()), text(status.savedCopySince()), namespaces, status.resyncCatchUps(),
                    status.untrustedPublications(), status.rejectedRevisions(), source.rejections(),
                    status.changeEventsDelivered(), status.changeEventsFailed()));
        }
        return views;
    }

    /** Where the server is: its REST API when configured, and the cluster the app joins. */
    public ServerView getServer() {
        return new ServerView(settings.serverUrl().orElse(null), settings.clusterName(), settings.addresses());
    }

    /** Every key the LiveConfig sources hold, by name, with the value the app resolves and where that comes from. */
    public List<ValueView> getValues() {
        Config config = ConfigProvider.getConfig();
        Map<String, ValueView> views = new TreeMap<>();
        for (LiveConfigSource source : liveSources()) {
            for (String namespace : source.namespaces()) {
                Map<String, String> entries = source.snapshot(namespace).map(Snapshot::entries).orElse(Map.of());
                // The first listed namespace that holds a key provides it, as in the source.
                entries.forEach((key, published) -> views.computeIfAbsent(key,
                        k -> view(config, source, namespace, k, published)));
            }
        }
        return List.copyOf(views.values());
    }

    private static ValueView view(Config config, LiveConfigSource source, String namespace, String key,
            String published) {
        boolean secret = isSecretExpression(published);
        try {
            ConfigValue value = config.getConfigValue(key);
            return new ValueView(key, namespace, secret ? MASK : published, secret,
                    value.getValue() == null ? null : secret ? MASK : value.getValue(), value.getSourceName(),
                    value.getSourceOrdinal(), !source.getName().equals(value.getSourceName()), null);
        } catch (RuntimeException e) {
            // A message could quote the value; a secret's is left out.
            return new ValueView(key, namespace, secret ? MASK : published, secret, null, null, 0, false,
                    secret ? "the secret does not resolve (is its decryption key configured?)" : e.getMessage());
        }
    }

    /** Whether a value is a SmallRye Config secret expression, {@code ${handler::…}}, as the server seals secrets. */
    static boolean isSecretExpression(String value) {
        return value.startsWith("${") && value.endsWith("}") && value.indexOf("::") > 2;
    }

    private static List<LiveConfigSource> liveSources() {
        List<LiveConfigSource> sources = new ArrayList<>();
        for (ConfigSource source : ConfigProvider.getConfig().getConfigSources()) {
            if (source instanceof LiveConfigSource live) {
                sources.add(live);
            }
        }
        return sources;
    }

    private static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}

package io.liveconfig.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.MapEvent;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.Durations;
import io.liveconfig.protocol.MapNames;

/**
 * Reads published snapshots through a Hazelcast client that this gateway owns.
 * <p>
 * The client retries forever once started (a source must outlive any outage), but start-up waits only
 * {@link LiveConfigSettings#connectTimeout()} for the first connection.
 */
final class HazelcastSnapshotGateway implements SnapshotGateway {

    private static final SourceLogging LOG = SourceLogging.of(HazelcastSnapshotGateway.class);

    private final HazelcastInstance client;
    private final List<String> namespaces;
    private volatile SnapshotGateway.Listener listener;

    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile ReplicatedMap<String, String> snapshots;
    private volatile ReplicatedMap<String, String> changes;

    /** Follows the client's lifecycle events: whether it is connected to the cluster now. */
    private final AtomicBoolean online;
    /** Since when no member has been reachable; {@code null} while connected. */
    private final AtomicReference<Instant> offline;

    private HazelcastSnapshotGateway(HazelcastInstance client, List<String> namespaces, AtomicBoolean online,
            AtomicReference<Instant> offline) {
        this.offline = offline;
        this.client = client;
        this.namespaces = namespaces;
        this.online = online;
    }

    /**
     * Starts a client and waits up to the connect timeout for its first connection. If none comes, the start-up policy
     * decides: fail, or return a gateway that keeps connecting in the background.
     *
     * @throws IllegalStateException if no member answered and the policy is to fail
     */
    static HazelcastSnapshotGateway connect(LiveConfigSettings settings) {
        return connect(settings, settings.connectTimeout());
    }

    /** @param wait how long to wait for the first connection before going on (or failing, by the start-up policy) */
    static HazelcastSnapshotGateway connect(LiveConfigSettings settings, Duration wait) {
        CountDownLatch connected = new CountDownLatch(1);
        AtomicBoolean everConnected = new AtomicBoolean();
        AtomicBoolean online = new AtomicBoolean();
        AtomicReference<Instant> offline = new AtomicReference<>(Instant.now());
        // A client that shuts down (the app stops, or a dev-mode reload) disconnects too: no connection was lost then.
        AtomicBoolean stopping = new AtomicBoolean();
        // Set once the gateway exists; a connection before that is covered by the source's first read.
        HazelcastSnapshotGateway[] self = new HazelcastSnapshotGateway[1];
        LifecycleListener lifecycle = event -> {
            if (event.getState() == LifecycleState.CLIENT_CONNECTED) {
                online.set(true);
                offline.set(null);
                connected.countDown();
                if (everConnected.getAndSet(true)) {
                    LOG.reconnected(settings.clusterName(), settings.namespaces());
                } else {
                    LOG.connected(settings.clusterName());
                }
                if (self[0] != null) {
                    self[0].missedEvents();
                }
            } else if (event.getState() == LifecycleState.SHUTTING_DOWN) {
                stopping.set(true);
            } else if (event.getState() == LifecycleState.CLIENT_DISCONNECTED) {
                online.set(false);
                offline.compareAndSet(null, Instant.now());
                if (!stopping.get()) {
                    LOG.disconnected(settings.clusterName());
                }
            }
        };
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(settings, lifecycle));
        try {
            if (!connected.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                String message = SourceMessages.MESSAGES.clusterUnreachable(settings.clusterName(),
                        settings.addresses(), Durations.text(wait));
                if (settings.startup() == LiveConfigSettings.Startup.FAIL) {
                    throw new IllegalStateException(message);
                }
                LOG.startingWithoutCluster(message);
            }
            HazelcastSnapshotGateway gateway = new HazelcastSnapshotGateway(client, settings.namespaces(), online,
                    offline);
            self[0] = gateway;
            return gateway;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdown();
            throw new IllegalStateException("Interrupted while connecting to the LiveConfig cluster", e);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    static ClientConfig clientConfig(LiveConfigSettings settings, LifecycleListener lifecycle) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(settings.clusterName());
        config.setInstanceName("liveconfig-source-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // A client that reads two maps and hands every event to the source's own thread: one event thread (of 5), a
        // small internal pool, and no metrics collection (its registry threads and classes; the source has its own).
        config.setProperty("hazelcast.client.event.thread.count", "1");
        config.setProperty("hazelcast.client.internal.executor.pool.size", "2");
        config.getMetricsConfig().setEnabled(false);
        config.getNetworkConfig().setAddresses(settings.addresses());
        config.getConnectionStrategyConfig().setAsyncStart(true).setReconnectMode(ReconnectMode.ASYNC)
                .getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1) // never give up: an app outlives any
                // outage
                .setInitialBackoffMillis(100).setMaxBackoffMillis(5_000).setMultiplier(2).setJitter(0.2);
        config.addListenerConfig(new ListenerConfig(lifecycle));
        // The maps hold strings, and errors come in the client protocol's own encoding: nothing is ever read by Java
        // deserialization, whose gadgets a value put by anyone on the client port could carry. Every class is refused.
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getBlacklist().addPrefixes("");
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        return config;
    }

    @Override
    public void listen(SnapshotGateway.Listener listener) {
        this.listener = listener;
        if (isConnected()) {
            subscribe();
        }
    }

    @Override
    public boolean isConnected() {
        return online.get();
    }

    @Override
    public Optional<Instant> offlineSince() {
        return Optional.ofNullable(offline.get());
    }

    @Override
    public Optional<String> fetch(String namespace) {
        subscribe();
        ReplicatedMap<?, ?> map = snapshots();
        return text(namespace, () -> map.get(namespace));
    }

    @Override
    public Optional<String> fetchChange(String namespace) {
        subscribe();
        ReplicatedMap<?, ?> map = changes();
        return text(namespace, () -> map.get(namespace));
    }

    /**
     * What the cluster holds, if it is text: anyone who reaches the client port can put a value of another type, or one
     * that the filter refuses to deserialize. That reads as nothing published, so the namespace keeps what it holds.
     */
    private static Optional<String> text(String namespace, Supplier<?> read) {
        try {
            if (read.get() instanceof String text) {
                return Optional.of(text);
            }
            LOG.debugf("Ignoring a value of namespace '%s' that is not text", namespace);
        } catch (HazelcastSerializationException e) {
            LOG.debugf("Ignoring a value of namespace '%s' that cannot be read: %s", namespace, e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void report(String instance, String encodedReport, Duration ttl) {
        if (!isConnected()) {
            return;
        }
        try {
            client.<String, String>getReplicatedMap(MapNames.INSTANCES).put(instance, encodedReport,
                    ttl.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debugf("Instance report not sent: %s", e.toString());
        }
    }

    @Override
    public void withdraw(String instance) {
        if (!isConnected()) {
            return;
        }
        try {
            client.<String, String>getReplicatedMap(MapNames.INSTANCES).remove(instance);
        } catch (RuntimeException e) {
            LOG.debugf("Instance report not withdrawn: %s", e.toString());
        }
    }

    /** Registers the entry listeners once; the client re-registers them by itself after reconnects. */
    private void subscribe() {
        SnapshotGateway.Listener current = listener;
        if (current == null || subscribed.get()) {
            return;
        }
        synchronized (subscribed) {
            if (subscribed.get()) {
                return;
            }
            EntryAdapter<String, String> events = new EntryAdapter<>() {
                @Override
                public void onEntryEvent(EntryEvent<String, String> event) {
                    text(event.getKey(), event::getValue).ifPresent(value -> current.changed(event.getKey(), value));
                }

                @Override
                public void onMapEvent(MapEvent event) {
                    missedEvents();
                }
            };
            // Changes only, one registration per namespace: an app is not sent whole snapshots, nor the changes of
            // namespaces it does not read.
            for (String namespace : namespaces) {
                changes().addEntryListener(events, namespace);
            }
            subscribed.set(true);
        }
    }

    private ReplicatedMap<String, String> snapshots() {
        ReplicatedMap<String, String> current = snapshots;
        if (current == null) {
            current = client.getReplicatedMap(MapNames.SNAPSHOTS);
            snapshots = current;
        }
        return current;
    }

    private ReplicatedMap<String, String> changes() {
        ReplicatedMap<String, String> current = changes;
        if (current == null) {
            current = client.getReplicatedMap(MapNames.CHANGES);
            changes = current;
        }
        return current;
    }

    private void missedEvents() {
        SnapshotGateway.Listener current = listener;
        if (current != null) {
            current.mayHaveMissedEvents();
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}

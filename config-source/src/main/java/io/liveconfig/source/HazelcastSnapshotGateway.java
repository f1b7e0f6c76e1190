package io.liveconfig.source;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.snapshot.Snapshot;

/**
 * Reads published snapshots through a Hazelcast client that this gateway owns.
 * <p>
 * The client retries forever once started (a source must outlive any outage), but start-up waits only
 * {@link LiveConfigSettings#connectTimeout()} for the first connection.
 */
final class HazelcastSnapshotGateway implements SnapshotGateway {

    private static final Logger LOG = Logger.getLogger(HazelcastSnapshotGateway.class);

    private final HazelcastInstance client;
    private final ReplicatedMap<String, String> map;
    private final List<String> namespaces;
    private volatile SnapshotGateway.Listener listener;

    private HazelcastSnapshotGateway(HazelcastInstance client, List<String> namespaces) {
        this.client = client;
        this.map = client.getReplicatedMap(Snapshot.MAP_NAME);
        this.namespaces = namespaces;
    }

    /**
     * Starts a client and waits for its first connection.
     *
     * @throws IllegalStateException if no member answered within the connect timeout
     */
    static HazelcastSnapshotGateway connect(LiveConfigSettings settings) {
        CountDownLatch connected = new CountDownLatch(1);
        AtomicBoolean everConnected = new AtomicBoolean();
        // Set once the gateway exists; reconnects before that are covered by the first full read.
        HazelcastSnapshotGateway[] self = new HazelcastSnapshotGateway[1];
        LifecycleListener lifecycle = event -> {
            if (event.getState() == LifecycleState.CLIENT_CONNECTED) {
                connected.countDown();
                if (everConnected.getAndSet(true)) {
                    LOG.infof("LIVECONFIG-0001 Reconnected to cluster '%s'; re-reading namespaces %s",
                            settings.clusterName(), settings.namespaces());
                    if (self[0] != null) {
                        self[0].missedEvents();
                    }
                }
            } else if (event.getState() == LifecycleState.CLIENT_DISCONNECTED) {
                LOG.warnf(
                        "LIVECONFIG-0002 Lost the connection to cluster '%s'; serving the values held until it is back",
                        settings.clusterName());
            }
        };
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(settings, lifecycle));
        try {
            if (!connected.await(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "LIVECONFIG-0003 Could not reach LiveConfig cluster '" + settings.clusterName() + "' at "
                                + settings.addresses() + " within " + settings.connectTimeout());
            }
            HazelcastSnapshotGateway gateway = new HazelcastSnapshotGateway(client, settings.namespaces());
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
        config.getNetworkConfig().setAddresses(settings.addresses());
        config.getConnectionStrategyConfig().setAsyncStart(true).setReconnectMode(ReconnectMode.ASYNC)
                .getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1) // never give up: an app outlives any
                // outage
                .setInitialBackoffMillis(100).setMaxBackoffMillis(5_000).setMultiplier(2).setJitter(0.2);
        config.addListenerConfig(new ListenerConfig(lifecycle));
        return config;
    }

    @Override
    public void listen(SnapshotGateway.Listener listener) {
        this.listener = listener;
        EntryAdapter<String, String> events = new EntryAdapter<>() {
            @Override
            public void onEntryEvent(EntryEvent<String, String> event) {
                if (event.getValue() != null) {
                    listener.published(event.getKey(), event.getValue());
                }
            }

            @Override
            public void onMapEvent(MapEvent event) {
                missedEvents();
            }
        };
        // One registration per namespace: an app is not sent the snapshots of namespaces it does not read.
        for (String namespace : namespaces) {
            map.addEntryListener(events, namespace);
        }
    }

    @Override
    public Optional<String> fetch(String namespace) {
        return Optional.ofNullable(map.get(namespace));
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

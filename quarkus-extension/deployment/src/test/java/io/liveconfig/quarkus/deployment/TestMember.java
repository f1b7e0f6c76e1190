package io.liveconfig.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;

/**
 * A real Hazelcast member on loopback, with its own cluster name and a free port, standing in for the server.
 * <p>
 * A QuarkusUnitTest class is loaded twice (by JUnit, then by the app's class loader), so the member is started once,
 * found again through system properties, and the app-side copy publishes through a client.
 */
final class TestMember {

    private static final String CLUSTER_PROPERTY = "liveconfig.test.cluster-name";
    private static final String PORT_PROPERTY = "liveconfig.test.port";

    final String clusterName;
    final int port;
    private final HazelcastInstance instance;

    private TestMember(String clusterName, int port, HazelcastInstance instance) {
        this.clusterName = clusterName;
        this.port = port;
        this.instance = instance;
    }

    /** The member of this test JVM, started on first use. */
    static synchronized TestMember shared() {
        String clusterName = System.getProperty(CLUSTER_PROPERTY);
        if (clusterName != null) {
            int port = Integer.parseInt(System.getProperty(PORT_PROPERTY));
            ClientConfig client = new ClientConfig();
            client.setClusterName(clusterName);
            client.setProperty("hazelcast.phone.home.enabled", "false");
            client.getNetworkConfig().addAddress("127.0.0.1:" + port);
            return new TestMember(clusterName, port, HazelcastClient.newHazelcastClient(client));
        }
        clusterName = "extension-test-" + UUID.randomUUID();
        int port = freePort();
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        TestMember member = new TestMember(clusterName, port, Hazelcast.newHazelcastInstance(config));
        System.setProperty(CLUSTER_PROPERTY, clusterName);
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        return member;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    void publish(Snapshot snapshot) {
        // As the server does: the whole snapshot, then the change apps listen to.
        String before = instance.<String, String>getReplicatedMap(MapNames.SNAPSHOTS).put(snapshot.namespace(),
                SnapshotCodec.encode(snapshot));
        SnapshotChange change = SnapshotChange.between(before == null ? null : SnapshotCodec.decode(before), snapshot);
        instance.<String, String>getReplicatedMap(MapNames.CHANGES).put(snapshot.namespace(),
                SnapshotCodec.encodeChange(change));
    }

    void close() {
        instance.shutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

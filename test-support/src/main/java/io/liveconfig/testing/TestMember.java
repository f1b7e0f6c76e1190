package io.liveconfig.testing;

import java.util.Map;
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
 * A real Hazelcast member on 127.0.0.1 standing in for the server: its own cluster name and a free port, so that no two
 * tests join each other, and it publishes as the server does.
 */
public final class TestMember implements AutoCloseable {

    private static final String CLUSTER_PROPERTY = "liveconfig.test.member.cluster-name";
    private static final String PORT_PROPERTY = "liveconfig.test.member.port";

    private final String clusterName;
    private final int port;
    /** The member itself, or a client of it for a copy of this class in another class loader. */
    private final HazelcastInstance instance;

    private TestMember(String clusterName, int port, HazelcastInstance instance) {
        this.clusterName = clusterName;
        this.port = port;
        this.instance = instance;
    }

    /** Starts a member of a cluster of its own. */
    public static TestMember start() {
        String clusterName = "test-member-" + UUID.randomUUID();
        int port = FreePorts.next();
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        return new TestMember(clusterName, port, Hazelcast.newHazelcastInstance(config));
    }

    /**
     * The one member of this JVM, started on first use. A class loaded again by another class loader (a
     * QuarkusUnitTest's app) finds it through system properties and publishes through a client of it.
     */
    /** Whether this is the shared member itself (not a client of it): closing it ends the sharing. */
    private boolean shares;

    public static synchronized TestMember shared() {
        String clusterName = System.getProperty(CLUSTER_PROPERTY);
        if (clusterName == null) {
            TestMember member = start();
            System.setProperty(CLUSTER_PROPERTY, member.clusterName);
            System.setProperty(PORT_PROPERTY, Integer.toString(member.port));
            member.shares = true;
            return member;
        }
        int port = Integer.parseInt(System.getProperty(PORT_PROPERTY));
        ClientConfig client = new ClientConfig();
        client.setClusterName(clusterName);
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress("127.0.0.1:" + port);
        return new TestMember(clusterName, port, HazelcastClient.newHazelcastClient(client));
    }

    public String clusterName() {
        return clusterName;
    }

    /** Where clients connect. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Publishes as the server does, signed with {@link TestKeys}: the whole snapshot, then the change apps hear. */
    public void publish(Snapshot snapshot) {
        String before = instance.<String, String>getReplicatedMap(MapNames.SNAPSHOTS).put(snapshot.namespace(),
                SnapshotCodec.encode(snapshot, TestKeys.SIGNER));
        SnapshotChange change = SnapshotChange.between(
                before == null ? null : SnapshotCodec.decode(before, TestKeys.TRUST).value(), snapshot);
        instance.<String, String>getReplicatedMap(MapNames.CHANGES).put(snapshot.namespace(),
                SnapshotCodec.encodeChange(change, TestKeys.SIGNER));
    }

    /** The instance reports apps wrote, as encoded, by instance id. */
    public Map<String, String> instanceReports() {
        return Map.copyOf(instance.<String, String>getReplicatedMap(MapNames.INSTANCES));
    }

    @Override
    public void close() {
        instance.shutdown();
        if (shares) {
            // The next test class of this JVM that asks for the shared member gets a new one.
            System.clearProperty(CLUSTER_PROPERTY);
            System.clearProperty(PORT_PROPERTY);
        }
    }
}

package io.liveconfig.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;

/** A real Hazelcast member on loopback with its own cluster name and a free port, publishing as the server does. */
final class EmbeddedMember implements AutoCloseable {

    final String clusterName = "source-test-" + UUID.randomUUID();
    final int port = freePort();
    private final HazelcastInstance member;

    EmbeddedMember() {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        member = Hazelcast.newHazelcastInstance(config);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    void publish(Snapshot snapshot) {
        // As the server does: the whole snapshot, then the change apps listen to.
        String before = member.<String, String>getReplicatedMap(MapNames.SNAPSHOTS).put(snapshot.namespace(),
                SnapshotCodec.encode(snapshot));
        SnapshotChange change = SnapshotChange.between(before == null ? null : SnapshotCodec.decode(before), snapshot);
        member.<String, String>getReplicatedMap(MapNames.CHANGES).put(snapshot.namespace(),
                SnapshotCodec.encodeChange(change));
    }

    @Override
    public void close() {
        member.shutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

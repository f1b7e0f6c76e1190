package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import javax.management.BadAttributeValueExpException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MCChangeClusterStateCodec;
import com.hazelcast.client.impl.protocol.codec.MCShutdownClusterCodec;
import com.hazelcast.client.impl.protocol.codec.MCShutdownMemberCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.Strangers;
import io.liveconfig.testing.TempDirectories;

/**
 * What reaches the server through its Hazelcast ports, as a stranger with plain Hazelcast would try it: a member at the
 * client port (apps' port) does not join, one at the member port does; a client can neither shut the member down nor
 * change the cluster's state; values of other types in our maps stop no request, repair or app, and Java-serialized
 * ones are refused when they are put. Last, a member that joined at the member port shuts the cluster down: the server
 * refuses writes with 503 and reports itself neither ready nor live. One server for the class, stopped by the last
 * test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPortsTest {

    private static ServerProcess server;
    private static HazelcastInstance client;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir")))
                .jvmOptions(List.of("-Dliveconfig.cluster.repair-interval=1s")).start();
        client = HazelcastClient.newHazelcastClient(Strangers.plainClient(server.clusterName(),
                List.of(server.clientAddress())));
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A plain member of the server's cluster, on a port of its own, that joins by TCP/IP at the given address. */
    private static Config plainMember(String joinAt) {
        Config config = new Config();
        config.setClusterName(server.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.join.seconds", "3");
        config.getNetworkConfig().setPort(FreePorts.next()).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(joinAt);
        return config;
    }

    @Test
    @Order(1)
    void aMemberJoinsAtTheMemberPortOnly() throws Exception {
        // At the client port the member protocol is refused: the member gives up joining and fails to start.
        try {
            HazelcastInstance stranger = Hazelcast.newHazelcastInstance(plainMember(server.clientAddress()));
            try {
                assertEquals(1, stranger.getCluster().getMembers().size(), "a member at the client port joined");
            } finally {
                stranger.shutdown();
            }
        } catch (IllegalStateException e) {
            // "Node failed to start!": it could not join the one member it was told of
        }

        // At the member port it joins: the server and it, no one else. (Clients do not see it: a member without a
        // client endpoint is not in their member list.)
        HazelcastInstance joined = Hazelcast.newHazelcastInstance(plainMember(server.memberEndpoint()));
        try {
            assertEquals(2, joined.getCluster().getMembers().size());
            String endpoint = server.memberEndpoint();
            int serverPort = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            assertTrue(joined.getCluster().getMembers().stream()
                    .anyMatch(member -> member.getAddress().getPort() == serverPort),
                    "joined the server: " + joined.getCluster().getMembers());
        } finally {
            joined.shutdown();
        }
        assertEquals(200, status("/q/health/ready"));
    }

    @Test
    @Order(2)
    void aClientCanNeitherShutTheMemberDownNorChangeTheClusterState() throws Exception {
        assertThrows(UnsupportedOperationException.class, () -> client.getCluster().shutdown());
        assertThrows(UnsupportedOperationException.class,
                () -> client.getCluster().changeClusterState(ClusterState.PASSIVE));
        // What Management Center sends, which any client may send too.
        for (ClientMessage management : List.of(MCShutdownClusterCodec.encodeRequest(),
                MCShutdownMemberCodec.encodeRequest(), MCChangeClusterStateCodec.encodeRequest(
                        ClusterState.PASSIVE.getId()))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> new ClientInvocation(((HazelcastClientProxy) client).client, management, null).invoke()
                            .get());
            assertInstanceOf(SecurityException.class, refused.getCause(), refused.toString());
        }
        // Still active (a passive cluster refuses writes) and running.
        assertEquals(200, status("/q/health/ready"));
        createNamespace("after-management");
        assertEquals(200, put("after-management", "k", "v").statusCode());
    }

    @Test
    @Order(3)
    void junkInTheMapsStopsNoRequestRepairOrAppAndJavaObjectsAreRefused() throws Exception {
        createNamespace("junk");
        createNamespace("healthy");
        assertEquals(200, put("junk", "k", "1").statusCode());
        assertEquals(200, put("healthy", "k", "1").statusCode());
        Path snapshots = TempDirectories.create("liveconfig-cluster-ports");
        try (LiveConfigSource app = LiveConfigSource.connect(new LiveConfigSettings(List.of("junk"),
                server.clusterName(), List.of(server.clientAddress()), Duration.ofSeconds(10),
                LiveConfigSettings.DEFAULT_ORDINAL, Duration.ofSeconds(30), snapshots,
                LiveConfigSettings.Startup.FAIL, "cluster-ports-test", server.trustedKeys(), false))) {
            Await.until(Duration.ofSeconds(10), () -> "1".equals(app.getValue("k")), "the app holds the namespace");
            ReplicatedMap<Object, Object> wholes = client.getReplicatedMap(MapNames.SNAPSHOTS);
            ReplicatedMap<Object, Object> changes = client.getReplicatedMap(MapNames.CHANGES);
            ReplicatedMap<Object, Object> reports = client.getReplicatedMap(MapNames.INSTANCES);

            // Other types: stored, since they are no Java serialization, and read as nothing by the server and apps.
            for (ReplicatedMap<Object, Object> map : List.of(wholes, changes, reports)) {
                map.putAll(Map.of("junk", 42, "junk-map", new HashMap<>(Map.of("junk", 7L)), 43, "an integer key"));
            }
            // Java-serialized: refused on the member when put, by the filter, before any class is loaded. The nested
            // sets would cost the member about 2^28 hash computations (seconds of CPU) if they were deserialized.
            long cpuBefore = server.cpuNanos();
            for (Object gadget : List.of(Collections.singletonList(new HashSet<>()),
                    new BadAttributeValueExpException("gadget"), Collections.singletonList(nestedSets(28)))) {
                for (ReplicatedMap<Object, Object> map : List.of(wholes, changes, reports)) {
                    HazelcastSerializationException refused = assertThrows(HazelcastSerializationException.class,
                            () -> map.putAll(Map.of("junk-java", gadget)), gadget.getClass().getName());
                    assertTrue(refused.getMessage().contains("is not allowed"), refused.getMessage());
                }
            }
            long cpuMillis = (server.cpuNanos() - cpuBefore) / 1_000_000;
            assertTrue(cpuMillis < 2_000, "the server spent " + cpuMillis + " ms of CPU on the gadgets");
            assertTrue(!wholes.containsKey("junk-java") && !changes.containsKey("junk-java")
                    && !reports.containsKey("junk-java"), "a Java-serialized value was stored");

            // The server answers, and its repair replaces the junk and restores what was removed elsewhere.
            assertEquals(200, server.send("GET", "/api/v1/namespaces/junk/instances", null).statusCode());
            wholes.remove("healthy");
            Await.until(Duration.ofSeconds(10), () -> changes.get("junk") instanceof String
                    && wholes.get("junk") instanceof String, "the repair published the junk namespace again");
            Await.until(Duration.ofSeconds(10), () -> wholes.get("healthy") instanceof String,
                    "the repair published the other namespace again");
            assertEquals(200, put("junk", "k", "2").statusCode());
            Await.until(Duration.ofSeconds(10), () -> "2".equals(app.getValue("k")), "the app took the next write");
            assertEquals(200, server.send("GET", "/api/v1/namespaces/junk/instances", null).statusCode());
            System.out.printf("cluster ports: Java-serialized values refused at put, %d ms of server CPU for the 9 "
                    + "attempts%n", cpuMillis);
        } finally {
            TempDirectories.delete(snapshots);
        }
    }

    @Test
    @Order(4)
    void aMemberShutDownBehindTheServersBackRefusesWritesAndAsksForARestart() throws Exception {
        HazelcastInstance joined = Hazelcast.newHazelcastInstance(plainMember(server.memberEndpoint()));
        Await.until(Duration.ofSeconds(30), () -> joined.getPartitionService().isClusterSafe(), "migrations done");
        joined.getCluster().shutdown(); // the whole cluster: the reason the member port must be firewalled
        Await.until(Duration.ofSeconds(30), () -> status("/q/health/live") == 503, "liveness went DOWN");
        assertEquals(503, status("/q/health/ready"));

        HttpResponse<String> refused = put("junk", "k", "3");
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refused.body().contains("urn:liveconfig:problem:cluster-member-down"), refused.body());
        assertTrue(refused.body().contains("LIVECONFIG-0212"), refused.body());
        String log = Files.readString(server.log());
        assertEquals(1, log.split("LIVECONFIG-0211", -1).length - 1, "one ERROR that the member stopped");
        // Nothing was committed: the database still holds the last acknowledged write.
        assertTrue(server.send("GET", "/api/v1/namespaces/junk/entries/k", null).body().contains("\"2\""));
    }

    /**
     * Sets nested so that hashing the outermost visits every path through them, 2^depth, while Java serialization
     * writes each set once.
     */
    private static Set<Object> nestedSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> left = root;
        Set<Object> right = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> nextLeft = new HashSet<>();
            Set<Object> nextRight = new HashSet<>();
            nextLeft.add("x");
            left.add(nextLeft);
            left.add(nextRight);
            right.add(nextLeft);
            right.add(nextRight);
            left = nextLeft;
            right = nextRight;
        }
        return root;
    }

    private static int status(String path) {
        try {
            return server.send("GET", path, null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void createNamespace(String name) throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}").statusCode());
    }

    private static HttpResponse<String> put(String namespace, String key, String value) throws Exception {
        return server.send("PUT", "/api/v1/namespaces/" + namespace + "/entries/" + key,
                "{\"value\":\"" + value + "\"}");
    }
}

package io.liveconfig.server.publish;

import java.util.List;
import java.util.Set;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.SetConfig;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.server.config.ServerConfig;

/**
 * The embedded member's Hazelcast configuration. Open-source Hazelcast has no authentication, so what a connection may
 * do is limited here: members and apps on separate endpoints (a member joins only at the member endpoint), no
 * Management Center operations from clients, no Java deserialization beyond the exceptions members send each other, and
 * small bounds on whatever else a client creates by name.
 */
final class MemberConfig {

    /** Server members only: the version last put per replicated map and namespace (see {@link PublicationOrder}). */
    static final String LAST_PUTS = "liveconfig.server.last-puts";

    /** What a map that a client creates by name may hold per member, serialized, before its oldest entries go. */
    static final int OTHER_MAP_MEGABYTES = 16;
    /** How many items a queue, list, set or ringbuffer (reliable topics use one) that a client creates may hold. */
    static final int OTHER_COLLECTION_ITEMS = 1_000;

    private MemberConfig() {
    }

    static Config of(ServerConfig.Cluster cluster) {
        Config config = new Config();
        config.setClusterName(cluster.name());
        config.setInstanceName("liveconfig-server-" + cluster.port());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Quarkus stops the member after the REST layer, not a JVM hook in any order.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        endpoints(config, cluster);
        // Management Center's operations reach a member as client messages (shut the cluster down, change its state,
        // run a script), allowed to any client unless trusted interfaces are listed: none may use them, since no
        // connection comes from the unspecified address.
        config.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false)
                .setDataAccessEnabled(false).setTrustedInterfaces(Set.of("0.0.0.0"));
        config.getJetConfig().setEnabled(false).setResourceUploadEnabled(false);
        config.getSerializationConfig().setJavaSerializationFilterConfig(javaSerializationFilter());
        ours(config);
        others(config);
        return config;
    }

    /**
     * Apps on the client endpoint ({@code liveconfig.cluster.host:port}), members on the member endpoint, each bound to
     * its own interface: a member connecting to the client endpoint, or a client to the member endpoint, is refused.
     */
    private static void endpoints(Config config, ServerConfig.Cluster cluster) {
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        ServerConfig.MemberEndpoint member = cluster.member();
        network.setMemberEndpointConfig(endpoint(member.host(), member.port(), member.publicAddress().orElse(null)));
        network.setClientEndpointConfig(endpoint(cluster.host(), cluster.port(), cluster.publicAddress().orElse(null)));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        cluster.members().ifPresentOrElse(members -> members.forEach(join.getTcpIpConfig()::addMember),
                () -> join.getTcpIpConfig().addMember(member.host() + ":" + member.port()));
    }

    private static ServerSocketEndpointConfig endpoint(String host, int port, String publicAddress) {
        ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
        endpoint.setPort(port).setPortAutoIncrement(false);
        endpoint.setPublicAddress(publicAddress != null ? publicAddress : host + ":" + port);
        endpoint.getInterfaces().setEnabled(true).addInterface(host);
        return endpoint;
    }

    /**
     * Java deserialization is refused but for what members send each other that way: the exceptions of failed
     * operations (with their causes, stack traces and suppressed exceptions), the member version a
     * {@code MemberLeftException} carries, and the cluster state of a cluster-wide change (its shutdown, for one). The
     * packages listed hold nothing else that is serializable (exceptions, enums, events), checked against Hazelcast
     * 5.7. Never hash collections (whose hashing a crafted stream makes exponential), arrays of anything but stack
     * frames, nor Hazelcast's other serializable classes (functions, JSON values, its own hash maps). Values in our
     * maps are strings and need none of it.
     */
    static JavaSerializationFilterConfig javaSerializationFilter() {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist()
                .addPackages("java.lang", "com.hazelcast.core", "com.hazelcast.spi.exception",
                        "com.hazelcast.nio.serialization", "com.hazelcast.partition", "com.hazelcast.map",
                        "com.hazelcast.query", "com.hazelcast.splitbrainprotection", "com.hazelcast.transaction",
                        "com.hazelcast.internal.cluster.impl", "com.hazelcast.internal.partition",
                        "com.hazelcast.replicatedmap", "com.hazelcast.client", "com.hazelcast.cluster",
                        "com.hazelcast.version")
                .addClasses("[Ljava.lang.StackTraceElement;", "java.util.Collections$EmptyList",
                        "java.util.ArrayList",
                        "java.util.NoSuchElementException", "java.util.ConcurrentModificationException",
                        "java.util.concurrent.TimeoutException", "java.util.concurrent.CancellationException",
                        "java.util.concurrent.ExecutionException", "java.util.concurrent.CompletionException",
                        "java.util.concurrent.RejectedExecutionException", "java.io.IOException",
                        "java.io.EOFException", "java.io.UncheckedIOException", "java.net.SocketException",
                        "java.net.ConnectException", "java.net.SocketTimeoutException",
                        "java.nio.channels.ClosedChannelException",
                        "com.hazelcast.config.InvalidConfigurationException");
        return filter;
    }

    /**
     * Our structures, configured by exact name (so that a client's dynamic configuration of the name is refused). The
     * replicated maps keep values as objects: a member then deserializes a value once, when it is put, and the filter
     * refuses a Java-serialized one there, so it never enters the map. Kept serialized ({@code BINARY}) it would be put
     * unread, and every read by this member (each repair, each report) would deserialize every value again.
     */
    private static void ours(Config config) {
        for (String name : List.of(MapNames.SNAPSHOTS, MapNames.CHANGES)) {
            config.addReplicatedMapConfig(new ReplicatedMapConfig(name).setInMemoryFormat(InMemoryFormat.OBJECT)
                    .setMergePolicyConfig(new MergePolicyConfig(HigherRevisionMergePolicy.class.getName(),
                            MergePolicyConfig.DEFAULT_BATCH_SIZE)));
        }
        config.addReplicatedMapConfig(new ReplicatedMapConfig(MapNames.INSTANCES)
                .setInMemoryFormat(InMemoryFormat.OBJECT));
        config.addMapConfig(new MapConfig(LAST_PUTS)); // never evicted: it orders the puts of every namespace
    }

    /**
     * Whatever else a client creates by name: small, evicted or refused when full. Configured statically for every name
     * ({@code *}): static configuration is looked up before dynamic, so a client's dynamic configuration (which open
     * source lets any client add) of another name is never used. Replicated maps and multimaps have no bound in open
     * source; the wildcard only keeps clients' configurations (such as a merge policy class) from being used.
     */
    private static void others(Config config) {
        config.addMapConfig(new MapConfig("*").setEvictionConfig(new EvictionConfig()
                .setEvictionPolicy(EvictionPolicy.LRU).setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                .setSize(OTHER_MAP_MEGABYTES)));
        config.addQueueConfig(new QueueConfig("*").setMaxSize(OTHER_COLLECTION_ITEMS));
        config.addListConfig(new ListConfig("*").setMaxSize(OTHER_COLLECTION_ITEMS));
        config.addSetConfig(new SetConfig("*").setMaxSize(OTHER_COLLECTION_ITEMS));
        config.addRingBufferConfig(new RingbufferConfig("*").setCapacity(OTHER_COLLECTION_ITEMS));
        config.addReplicatedMapConfig(new ReplicatedMapConfig("*"));
        config.addMultiMapConfig(new MultiMapConfig("*"));
    }
}

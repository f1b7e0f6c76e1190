package io.liveconfig.server.publish;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The server's embedded Hazelcast member. Open-source Hazelcast has no authentication or TLS, so the member binds to
 * loopback unless told otherwise: treat its port as a trust boundary.
 */
@ConfigMapping(prefix = "liveconfig.cluster")
public interface ClusterConfig {

    /** Cluster name; members and apps must use the same one. An equality check, not a secret. */
    @WithDefault("liveconfig")
    String name();

    /** Address of the interface the member binds to and announces. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the member; it does not move to another port when this one is taken. */
    @WithDefault("5701")
    int port();

    /**
     * Address ({@code host:port}) the member announces to apps and other members, when they reach it through a proxy,
     * NAT or a container's port mapping rather than at {@code host:port}.
     */
    Optional<String> publicAddress();

    /** Other server members to join ({@code host:port}), by TCP/IP; multicast and auto-detection are off. */
    Optional<List<String>> members();
}

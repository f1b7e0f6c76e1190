package io.liveconfig.testing;

import java.util.List;

import com.hazelcast.client.config.ClientConfig;

/**
 * What anyone who reaches the cluster's client port can run: a plain Hazelcast client that knows only the cluster name
 * and an address, with none of LiveConfig's settings (no serialization filter, no trusted keys).
 */
public final class Strangers {

    private Strangers() {
    }

    /** A plain client's configuration, which gives up connecting after 10 s. */
    public static ClientConfig plainClient(String clusterName, List<String> addresses) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        addresses.forEach(config.getNetworkConfig()::addAddress);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(10_000);
        return config;
    }
}

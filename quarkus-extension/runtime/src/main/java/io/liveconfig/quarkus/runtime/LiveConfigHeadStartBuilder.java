package io.liveconfig.quarkus.runtime;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logmanager.Logger;

import io.liveconfig.source.HeadStart;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Starts connecting the source when the app's static-init configuration is built, the first thing a Quarkus app does:
 * most of a first connection is the Hazelcast client loading its classes, which then runs on another core beside
 * Quarkus' own start instead of in front of the run-time configuration, which takes the source ({@link HeadStart}). The
 * settings are what static init sees (system properties, environment, application properties); when the run-time
 * configuration says otherwise, this source is closed and another connects. Adds no source itself. Not while a native
 * image is built, whose static init runs at build time.
 */
public class LiveConfigHeadStartBuilder implements ConfigBuilder {

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withSources(new StartConnecting());
    }

    static final class StartConnecting implements ConfigSourceFactory {

        @Override
        public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
            if (ImageMode.current() != ImageMode.NATIVE_BUILD && addressesKnown(context)) {
                try {
                    LiveConfigRuntimeConfig config = LiveConfigQuarkusSourceFactory.settings(context);
                    if (config.wanted()) {
                        quietHazelcast(context);
                        HeadStart.begin(() -> config.settings().orElseThrow());
                    }
                } catch (RuntimeException e) {
                    // Settings that do not map without the run-time configuration: the source connects then.
                }
            }
            return List.of();
        }

        /**
         * In dev and test mode without addresses, Dev Services give the cluster's only to the run-time configuration:
         * connecting to the defaults then could reach another cluster on this machine.
         */
        private static boolean addressesKnown(ConfigSourceContext context) {
            ConfigValue addresses = context.getValue("quarkus.liveconfig.addresses");
            return LaunchMode.current() == LaunchMode.NORMAL || addresses != null && addresses.getValue() != null;
        }

        /**
         * The client logs before Quarkus has applied its log levels, and what it logs then is kept: it gets the level
         * the app will have for {@code com.hazelcast} (errors only unless the app says otherwise) now.
         */
        private static void quietHazelcast(ConfigSourceContext context) {
            ConfigValue level = context.getValue(HAZELCAST_LEVEL);
            Logger.getLogger("com.hazelcast")
                    .setLevelName(level == null || level.getValue() == null ? "ERROR" : level.getValue());
        }

        private static final String HAZELCAST_LEVEL = "quarkus.log.category.\"com.hazelcast\".level";
    }
}

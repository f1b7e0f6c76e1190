package io.liveconfig.quarkus.runtime;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Adds the LiveConfig source factory to the app's run-time configuration. */
public class LiveConfigSourceFactoryBuilder implements ConfigBuilder {

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withSources(new LiveConfigQuarkusSourceFactory());
    }
}

package io.liveconfig.quarkus.runtime;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.liveconfig.source.LiveConfigSource;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory.ConfigurableConfigSourceFactory;

/** Builds the LiveConfig source from {@code quarkus.liveconfig.*}, read from the app's other config sources. */
public class LiveConfigQuarkusSourceFactory implements ConfigurableConfigSourceFactory<LiveConfigRuntimeConfig> {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context, LiveConfigRuntimeConfig config) {
        return config.settings().<Iterable<ConfigSource>>map(settings -> List.of(LiveConfigSource.connect(settings)))
                .orElse(List.of());
    }
}

package io.liveconfig.source;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Builds the LiveConfig source for SmallRye Config from settings found in the other config sources
 * ({@code liveconfig.namespaces}, {@code liveconfig.addresses}, …), so they may live in
 * {@code META-INF/microprofile-config.properties}.
 * <p>
 * Not registered through {@code META-INF/services}, so that SmallRye does not start a second source beside the one of
 * {@link LiveConfigSourceProvider}: add it with
 * {@code SmallRyeConfigBuilder.withSources(new LiveConfigSourceFactory())}. The Quarkus extension registers its own
 * factory.
 */
public class LiveConfigSourceFactory implements ConfigSourceFactory {

    /** Prefix of the settings read by default. */
    public static final String PREFIX = "liveconfig";

    private final String prefix;

    public LiveConfigSourceFactory() {
        this(PREFIX);
    }

    public LiveConfigSourceFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<LiveConfigSettings> settings = LiveConfigSettings.read(prefix,
                name -> Optional.ofNullable(context.getValue(name)).map(ConfigValue::getValue));
        return settings.<Iterable<ConfigSource>>map(s -> List.of(LiveConfigSource.connect(s))).orElse(List.of());
    }
}

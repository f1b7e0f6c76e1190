package io.liveconfig.source;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * Registers the LiveConfig source in any MicroProfile Config runtime through {@code java.util.ServiceLoader}.
 * <p>
 * A provider cannot read other config sources, so its settings come from system properties
 * ({@code -Dliveconfig.namespaces=orders}) or environment variables ({@code LIVECONFIG_NAMESPACES=orders}); without a
 * namespace it provides nothing, which keeps it silent in apps that configure LiveConfig another way.
 */
public class LiveConfigSourceProvider implements ConfigSourceProvider {

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        return LiveConfigSettings.read(LiveConfigSourceFactory.PREFIX, LiveConfigSourceProvider::systemOrEnvironment)
                .<Iterable<ConfigSource>>map(settings -> List.of(LiveConfigSource.connect(settings)))
                .orElse(List.of());
    }

    /** A system property, else the environment variable named as MicroProfile Config maps names. */
    static Optional<String> systemOrEnvironment(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        }
        return Optional.ofNullable(value);
    }
}

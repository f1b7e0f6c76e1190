package io.liveconfig.quarkus.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

import io.liveconfig.source.HeadStart;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.source.cdi.LiveConfigEvents;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.smallrye.config.SmallRyeConfig;

@Recorder
public class LiveConfigRecorder {

    /** Closes a source connected ahead that the run-time configuration did not take. */
    public void discardUnusedHeadStart() {
        HeadStart.discard();
    }

    /**
     * Closes a source connected ahead when the app stops before its run-time configuration took it (a failed start).
     */
    public void discardHeadStartOnShutdown(ShutdownContext shutdown) {
        shutdown.addLastShutdownTask(HeadStart::discard);
    }

    /**
     * Connects the LiveConfig sources of the run-time configuration to CDI events. The bean's own start-up observer
     * runs at static init, before the run-time configuration, and so its sources, exist.
     */
    public void fireChangeEvents() {
        Arc.container().instance(LiveConfigEvents.class).get().listenTo(ConfigProvider.getConfig());
    }

    /**
     * Makes every LiveConfig source refuse a snapshot whose new value of an injected property does not convert to the
     * type it is injected as: the app keeps its last good values instead of failing at its next {@code get()}, and the
     * server sees the rejection in the instance list.
     *
     * @param types the injected type's class name by property name
     */
    public void refuseUnconvertibleValues(Map<String, String> types) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof LiveConfigSource live) {
                types.forEach((key, typeName) -> converter(config, loader, typeName)
                        .ifPresent(converter -> live.addValueCheck(key, value -> {
                            if (converter.convert(value) == null) {
                                throw new IllegalArgumentException("it converts to no " + typeName);
                            }
                        })));
            }
        }
    }

    private static Optional<Converter<?>> converter(SmallRyeConfig config, ClassLoader loader, String typeName) {
        try {
            Class<?> type = PRIMITIVES.containsKey(typeName)
                    ? PRIMITIVES.get(typeName)
                    : Class.forName(typeName, false, loader);
            return config.getConverter(type).map(converter -> (Converter<?>) converter);
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty(); // a type SmallRye cannot convert to on its own: the app checks it itself
        }
    }

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", Boolean.class, "byte", Byte.class,
            "short", Short.class, "int", Integer.class, "long", Long.class, "float", Float.class, "double",
            Double.class, "char", Character.class);

    /**
     * Tells every LiveConfig source which keys the app reads only at start-up, as of the revisions it holds now, before
     * the app's start-up beans read them: the server's instances view then lists the changes that wait for a restart.
     *
     * @param keys the property names read once
     * @param prefixes the prefixes under which every key is read once
     */
    public void reportFixedKeys(Set<String> keys, Set<String> prefixes) {
        for (ConfigSource source : ConfigProvider.getConfig().getConfigSources()) {
            if (source instanceof LiveConfigSource live) {
                live.reportFixedKeys(keys, prefixes);
            }
        }
    }

    /**
     * Quarkus does not close what a config source factory opened, so the extension closes the sources' Hazelcast
     * clients when the app stops.
     */
    public void closeSourcesOnShutdown(ShutdownContext shutdown) {
        shutdown.addLastShutdownTask(() -> ConfigProvider.getConfig().getConfigSources().forEach(source -> {
            if (source instanceof LiveConfigSource live) {
                live.close();
            }
        }));
    }
}

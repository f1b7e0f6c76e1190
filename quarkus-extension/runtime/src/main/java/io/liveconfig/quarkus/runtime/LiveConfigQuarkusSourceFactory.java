package io.liveconfig.quarkus.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.liveconfig.source.HeadStart;
import io.liveconfig.source.LiveConfigSource;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory.ConfigurableConfigSourceFactory;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Builds the LiveConfig source from {@code quarkus.liveconfig.*}, read from the app's other config sources. */
public class LiveConfigQuarkusSourceFactory implements ConfigurableConfigSourceFactory<LiveConfigRuntimeConfig> {

    /**
     * As SmallRye maps the settings for a configurable factory, but without refusing names under
     * {@code quarkus.liveconfig.} that map to nothing: SmallRye would stop the app on a typo, where Quarkus itself only
     * warns about an unknown {@code quarkus.*} key (and does for ours, since the settings are a config root).
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return getConfigSources(context, settings(context));
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context, LiveConfigRuntimeConfig config) {
        return config.settings()
                .<Iterable<ConfigSource>>map(settings -> List.of(
                        HeadStart.take(settings).orElseGet(() -> LiveConfigSource.connect(settings))))
                .orElse(List.of());
    }

    /** {@code quarkus.liveconfig.*} as the context's sources hold it, for the context's profiles. */
    static LiveConfigRuntimeConfig settings(ConfigSourceContext context) {
        List<String> profiles = new ArrayList<>(context.getProfiles());
        Collections.reverse(profiles);
        return new SmallRyeConfigBuilder()
                .withProfiles(profiles)
                .withSources(new ConfigSourceContext.ConfigSourceContextConfigSource(context))
                .withSources(context.getConfigSources())
                .withMapping(LiveConfigRuntimeConfig.class)
                .withValidateUnknown(false)
                .build()
                .getConfigMapping(LiveConfigRuntimeConfig.class);
    }
}

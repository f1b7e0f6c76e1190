package io.liveconfig.quarkus.runtime;

import org.eclipse.microprofile.config.ConfigProvider;

import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.source.cdi.LiveConfigEvents;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;

@Recorder
public class LiveConfigRecorder {

    /**
     * Quarkus does not close what a config source factory opened, so the extension closes the sources' Hazelcast
     * clients when the app stops.
     */
    /**
     * Connects the LiveConfig sources of the run-time configuration to CDI events. The bean's own start-up observer
     * runs at static init, before the run-time configuration, and so its sources, exist.
     */
    public void fireChangeEvents() {
        Arc.container().instance(LiveConfigEvents.class).get().listenTo(ConfigProvider.getConfig());
    }

    public void closeSourcesOnShutdown(ShutdownContext shutdown) {
        shutdown.addLastShutdownTask(() -> ConfigProvider.getConfig().getConfigSources().forEach(source -> {
            if (source instanceof LiveConfigSource live) {
                live.close();
            }
        }));
    }
}

package io.liveconfig.quarkus.runtime;

import org.eclipse.microprofile.config.ConfigProvider;

import io.liveconfig.source.LiveConfigSource;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;

@Recorder
public class LiveConfigRecorder {

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

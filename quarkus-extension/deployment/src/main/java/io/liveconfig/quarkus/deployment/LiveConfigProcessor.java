package io.liveconfig.quarkus.deployment;

import io.liveconfig.quarkus.runtime.LiveConfigHealthCheck;
import io.liveconfig.quarkus.runtime.LiveConfigRecorder;
import io.liveconfig.quarkus.runtime.LiveConfigSourceFactoryBuilder;
import io.liveconfig.source.cdi.Key;
import io.liveconfig.source.cdi.LiveConfigEvents;
import io.liveconfig.source.cdi.Namespace;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

class LiveConfigProcessor {

    static final String FEATURE = "liveconfig";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    RunTimeConfigBuilderBuildItem registerConfigSourceFactory() {
        return new RunTimeConfigBuilderBuildItem(LiveConfigSourceFactoryBuilder.class);
    }

    /** The bridge from source listeners to CDI events, and its qualifiers, which apps' observers use. */
    @BuildStep
    AdditionalBeanBuildItem registerChangeEvents() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(LiveConfigEvents.class, Namespace.class, Key.class)
                .setUnremovable()
                .build();
    }

    /** Where the values come from and whether they may be stale, in apps that have SmallRye Health. */
    @BuildStep
    HealthBuildItem registerHealthCheck() {
        return new HealthBuildItem(LiveConfigHealthCheck.class.getName(), true);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void fireChangeEvents(LiveConfigRecorder recorder, BeanContainerBuildItem container) {
        recorder.fireChangeEvents();
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void closeSourcesOnShutdown(LiveConfigRecorder recorder, ShutdownContextBuildItem shutdown) {
        recorder.closeSourcesOnShutdown(shutdown);
    }
}

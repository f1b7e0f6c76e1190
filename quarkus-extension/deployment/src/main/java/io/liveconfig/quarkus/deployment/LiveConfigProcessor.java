package io.liveconfig.quarkus.deployment;

import io.liveconfig.quarkus.runtime.LiveConfigRecorder;
import io.liveconfig.quarkus.runtime.LiveConfigSourceFactoryBuilder;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;

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

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void closeSourcesOnShutdown(LiveConfigRecorder recorder, ShutdownContextBuildItem shutdown) {
        recorder.closeSourcesOnShutdown(shutdown);
    }
}

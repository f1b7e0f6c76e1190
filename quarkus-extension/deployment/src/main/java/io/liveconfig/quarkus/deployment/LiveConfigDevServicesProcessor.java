package io.liveconfig.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

import io.quarkus.deployment.IsProduction;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ApplicationArchivesBuildItem;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.HotDeploymentWatchedFileBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;

/**
 * Dev Services for LiveConfig: in dev and test mode, an app that reads namespaces but names no cluster address gets a
 * real LiveConfig server, run as a child JVM from the packaged server (see {@link DevLiveConfigServer}). One server
 * serves the whole dev session: Quarkus keeps it across reloads while its {@link DevServerSettings} stay equal.
 */
class LiveConfigDevServicesProcessor {

    private static final String ADDRESSES = "quarkus.liveconfig.addresses";
    /** Where the dev server's REST API is: the Dev UI card links to it, and tests read it. */
    static final String DEV_REST_URL = "quarkus.liveconfig.server-url";

    @BuildStep(onlyIfNot = IsProduction.class, onlyIf = DevServicesConfig.Enabled.class)
    void startServer(LiveConfigDevServicesConfig devServices, ApplicationArchivesBuildItem archives,
            BuildProducer<DevServicesResultBuildItem> results,
            BuildProducer<HotDeploymentWatchedFileBuildItem> watched) {
        watched.produce(new HotDeploymentWatchedFileBuildItem(devServices.seedFile()));
        Optional<String> notStarted = whyNotStarted(devServices);
        if (notStarted.isPresent()) {
            DevServicesLogging.LOG.debugf("Dev Services for LiveConfig started no server: %s", notStarted.get());
            return;
        }
        if (devServices.server().isEmpty()) {
            // The one case an app likely meant to get a server: say so where it is seen.
            DevServicesLogging.LOG.noServerLocation();
            return;
        }
        Config config = ConfigProvider.getConfig();
        List<String> namespaces = config.getValues("quarkus.liveconfig.namespaces", String.class);
        Path seedFile = archives.getRootArchive().getChildPath(devServices.seedFile());
        String seed = null;
        if (seedFile != null && Files.isRegularFile(seedFile)) {
            try {
                seed = Files.readString(seedFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DevServerSettings settings = new DevServerSettings(devServices.server().get(), List.copyOf(namespaces), seed,
                devServices.startTimeout(), devServices.heap());
        results.produce(DevServicesResultBuildItem.<DevLiveConfigServer>owned()
                .feature(LiveConfigProcessor.FEATURE)
                .serviceName(LiveConfigProcessor.FEATURE)
                .serviceConfig(settings)
                .description("LiveConfig server (child JVM) for namespaces " + String.join(", ", namespaces))
                .startable(() -> new DevLiveConfigServer(settings))
                .configProvider(Map.of(
                        ADDRESSES, DevLiveConfigServer::clientAddress,
                        "quarkus.liveconfig.cluster-name", DevLiveConfigServer::clusterName,
                        "quarkus.liveconfig.trust.public-keys", DevLiveConfigServer::publicKeys,
                        DEV_REST_URL, DevLiveConfigServer::restUrl))
                .build());
    }

    private static Optional<String> whyNotStarted(LiveConfigDevServicesConfig devServices) {
        Config config = ConfigProvider.getConfig();
        if (!devServices.enabled()) {
            return Optional.of("quarkus.liveconfig.devservices.enabled is false");
        }
        if (!config.getOptionalValue("quarkus.liveconfig.enabled", Boolean.class).orElse(true)) {
            return Optional.of("quarkus.liveconfig.enabled is false");
        }
        if (isSet(config.getConfigValue(ADDRESSES))) {
            return Optional.of(ADDRESSES + " is set");
        }
        if (config.getOptionalValues("quarkus.liveconfig.namespaces", String.class).isEmpty()) {
            return Optional.of("quarkus.liveconfig.namespaces is not set, so the app reads nothing from LiveConfig");
        }
        return Optional.empty();
    }

    /** Whether the user set it: a value from a source other than the mapping's defaults. */
    private static boolean isSet(ConfigValue value) {
        return value.getRawValue() != null && !value.getRawValue().isBlank()
                && value.getSourceOrdinal() > Integer.MIN_VALUE;
    }
}

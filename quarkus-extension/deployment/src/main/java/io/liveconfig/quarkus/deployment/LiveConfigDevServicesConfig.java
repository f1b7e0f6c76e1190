package io.liveconfig.quarkus.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocFilename;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Dev Services for LiveConfig: in dev and test mode, when {@code quarkus.liveconfig.addresses} is not set, a real
 * LiveConfig server is started for the app as a child process.
 */
@ConfigMapping(prefix = "quarkus.liveconfig.devservices")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
// Names the generated reference docs/config-reference-devservices.md.
@ConfigDocFilename("config-reference-devservices.adoc")
public interface LiveConfigDevServicesConfig {

    /**
     * Whether a LiveConfig server is started in dev and test mode when no {@code quarkus.liveconfig.addresses} is set.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The packaged LiveConfig server to run: the directory holding its {@code quarkus-run.jar} (the server build's
     * {@code target/quarkus-app}, or that directory unpacked from its distribution); no server is started without it.
     */
    Optional<Path> server();

    /**
     * The file among the app's resources whose entries are imported into the first of
     * {@code quarkus.liveconfig.namespaces} when the server starts; none is imported when it is missing.
     */
    @WithDefault("liveconfig-dev.properties")
    String seedFile();

    /**
     * How long the server may take to become ready.
     */
    @WithDefault("60s")
    Duration startTimeout();

    /**
     * The server's maximum heap ({@code -Xmx}).
     */
    @WithDefault("256m")
    String heap();
}

package io.liveconfig.quarkus.deployment;

import java.util.List;

import com.hazelcast.client.impl.proxy.ClientReplicatedMapProxy;
import com.hazelcast.internal.networking.nio.NioThread;
import com.hazelcast.internal.nio.IOUtil;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.internal.util.ICMPHelper;
import com.hazelcast.internal.util.OperatingSystemMXBeanSupport;
import com.hazelcast.internal.util.RandomPicker;
import com.hazelcast.internal.util.RuntimeAvailableProcessors;
import com.hazelcast.internal.util.ThreadAffinityHelper;
import com.hazelcast.internal.util.ThreadLocalRandomProvider;

import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;

/**
 * What a native image of an app needs for the source's Hazelcast client. Our own classes need nothing here: Quarkus
 * instantiates the config builder and the {@code ConfigSourceProvider} with {@code new} in its generated config, and
 * registers the {@code @ConfigMapping} classes and their enums itself; the JSON codecs use Jackson's streaming API (no
 * reflection) and the signatures use the JDK's Ed25519 with constant algorithm names.
 * <p>
 * Why not {@code com.hazelcast:quarkus-hazelcast-client} (4.1.0), which registers much of this: it is a client
 * extension, not a set of registrations. Its recorder creates its client producer in every app at start-up, and that
 * producer's {@code @PreDestroy} calls {@code HazelcastClient.shutdownAll()}, which would also stop the source's client
 * at shutdown, before the source withdraws its instance report; it offers a default {@code HazelcastInstance} bean,
 * which would be a second client, to 127.0.0.1:5701, in any app that injects one; it brings {@code quarkus-jaxb} and
 * {@code javax.cache} into every app; and it was built for Hazelcast 5.5. So the extension registers, following what
 * that one registers, only what the source's client uses: programmatic configuration (no
 * {@code hazelcast-client*.xml}/{@code .yaml}, no XSDs), static addresses (no discovery SPI), one kind of proxy (the
 * replicated map), no JCache, no Java serialization, no ICMP ping, no TCP keep-alive tuning (which {@code IOUtil} would
 * look up by reflection). Its substitutions (JMX, JCache, Hazelcast's service-loader de-duplication) are not repeated:
 * they need the GraalVM SDK, and the last one only matters when two jars carry the same Hazelcast service file, which
 * the one Hazelcast jar does not.
 */
class LiveConfigNativeProcessor {

    /**
     * The files that Hazelcast's own service loader ({@code com.hazelcast.internal.util.ServiceLoader}) reads when a
     * client starts, named as Hazelcast names them (not always after an interface); it instantiates every class they
     * list by reflection. Quarkus turns GraalVM's service-loader feature off, so without this nothing embeds them.
     * Every listed class is registered, as the JVM loads them all; Hazelcast skips its own classes that are missing, so
     * this is about having the same serializers as in the JVM, not about starting at all.
     */
    static final List<String> HAZELCAST_CLIENT_SERVICES = List.of(
            "com.hazelcast.client.impl.ClientExtension",
            "com.hazelcast.DataSerializerHook",
            "com.hazelcast.PortableHook",
            "com.hazelcast.SerializerHook");

    /**
     * Hazelcast classes whose static initializers capture what must come from the machine that runs the app, not the
     * one that builds the image (Quarkus initializes classes at build time unless told otherwise). Found by reading the
     * static initializers of Hazelcast 5.7.0's classes; the class literals keep the list checked at each upgrade.
     */
    static final List<Class<?>> RUN_TIME_INITIALIZED = List.of(
            // java.util.Random instances (GraalVM refuses seeded randoms in the image heap).
            NioThread.class, IOUtil.class, RandomPicker.class, ThreadLocalRandomProvider.class,
            // Thread pool sizes from the number of processors.
            RuntimeAvailableProcessors.class, ConcurrencyUtil.class,
            // The JVM's OperatingSystemMXBean.
            OperatingSystemMXBeanSupport.class,
            // Native libraries loaded with System.load.
            ICMPHelper.class, ThreadAffinityHelper.class);

    @BuildStep
    void registerHazelcastServiceFiles(BuildProducer<ServiceProviderBuildItem> services) {
        for (String service : HAZELCAST_CLIENT_SERVICES) {
            services.produce(ServiceProviderBuildItem.allProvidersFromClassPath(service));
        }
    }

    /** The client makes its replicated map proxies with {@code Constructor.newInstance} (its {@code ProxyManager}). */
    @BuildStep
    ReflectiveClassBuildItem registerReplicatedMapProxy() {
        return ReflectiveClassBuildItem.builder(ClientReplicatedMapProxy.class).constructors().methods()
                .reason("LiveConfig: the Hazelcast client creates its replicated map proxies by reflection").build();
    }

    @BuildStep
    void initializeHazelcastStateAtRunTime(BuildProducer<RuntimeInitializedClassBuildItem> classes) {
        for (Class<?> type : RUN_TIME_INITIALIZED) {
            classes.produce(new RuntimeInitializedClassBuildItem(type.getName()));
        }
    }
}

package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hazelcast.client.impl.clientside.DefaultClientExtension;
import com.hazelcast.client.impl.proxy.ClientReplicatedMapProxy;

import io.quarkus.builder.BuildChainBuilder;
import io.quarkus.builder.BuildContext;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The registrations a native image needs for the source's Hazelcast client are produced, read from the build chain
 * itself (no GraalVM here): a build step of the test consumes the native build items and writes what it saw into a
 * resource of the app, which the tests read.
 */
class NativeRegistrationsTest {

    private static final String SEEN = "META-INF/liveconfig-native-registrations.txt";

    /** The service files a client reads, as Hazelcast 5.7 names them. */
    private static final List<String> CLIENT_SERVICES = List.of("com.hazelcast.client.impl.ClientExtension",
            "com.hazelcast.DataSerializerHook", "com.hazelcast.PortableHook", "com.hazelcast.SerializerHook");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.liveconfig.enabled", "false")
            .addBuildChainCustomizer(NativeRegistrationsTest::recordNativeRegistrations);

    private static void recordNativeRegistrations(BuildChainBuilder chain) {
        chain.addBuildStep(NativeRegistrationsTest::record)
                .consumes(ReflectiveClassBuildItem.class)
                .consumes(RuntimeInitializedClassBuildItem.class)
                .consumes(ServiceProviderBuildItem.class)
                .produces(GeneratedResourceBuildItem.class)
                .build();
    }

    private static void record(BuildContext context) {
        Set<String> lines = new TreeSet<>();
        for (ReflectiveClassBuildItem item : context.consumeMulti(ReflectiveClassBuildItem.class)) {
            for (String name : item.getClassNames()) {
                lines.add("reflection " + name + (item.isConstructors() ? " constructors" : "")
                        + (item.isMethods() ? " methods" : ""));
            }
        }
        for (RuntimeInitializedClassBuildItem item : context.consumeMulti(RuntimeInitializedClassBuildItem.class)) {
            lines.add("run-time-init " + item.getClassName());
        }
        for (ServiceProviderBuildItem item : context.consumeMulti(ServiceProviderBuildItem.class)) {
            lines.add("service " + item.serviceDescriptorFile() + " " + item.providers().size());
            for (String provider : item.providers()) {
                lines.add("provider " + item.serviceDescriptorFile() + " " + provider);
            }
        }
        context.produce(new GeneratedResourceBuildItem(SEEN,
                String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> seen() throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SEEN)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void registersTheReplicatedMapProxyForItsReflectiveConstruction() throws IOException {
        assertTrue(seen().contains("reflection " + ClientReplicatedMapProxy.class.getName() + " constructors methods"),
                "the proxy the client makes with Constructor.newInstance");
    }

    @Test
    void embedsHazelcastsServiceFilesWithEveryListedProvider() throws IOException {
        List<String> seen = seen();
        for (String service : CLIENT_SERVICES) {
            String file = "META-INF/services/" + service;
            int listed = ServiceProviderBuildItem.allProvidersFromClassPath(service).providers().size();
            assertTrue(seen.contains("service " + file + " " + listed), file + " with its " + listed + " providers");
        }
        assertTrue(seen.contains("provider META-INF/services/com.hazelcast.client.impl.ClientExtension "
                + DefaultClientExtension.class.getName()), "the client's extension, which it cannot start without");
        assertTrue(seen.contains("provider META-INF/services/com.hazelcast.DataSerializerHook "
                + "com.hazelcast.client.impl.ClientDataSerializerHook"), "the client's serializers");
    }

    @Test
    void initializesHazelcastsMachineStateAtRunTime() throws IOException {
        List<String> seen = seen();
        // Randoms, processor counts, the OS MXBean and native libraries, captured by these classes' static initializers.
        List<String> expected = List.of("com.hazelcast.internal.networking.nio.NioThread",
                "com.hazelcast.internal.nio.IOUtil", "com.hazelcast.internal.util.RandomPicker",
                "com.hazelcast.internal.util.ThreadLocalRandomProvider",
                "com.hazelcast.internal.util.RuntimeAvailableProcessors", "com.hazelcast.internal.util.ConcurrencyUtil",
                "com.hazelcast.internal.util.OperatingSystemMXBeanSupport", "com.hazelcast.internal.util.ICMPHelper",
                "com.hazelcast.internal.util.ThreadAffinityHelper");
        assertEquals(List.of(), expected.stream().filter(name -> !seen.contains("run-time-init " + name)).toList(),
                "not initialized at run time");
    }
}

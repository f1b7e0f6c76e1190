package io.liveconfig.quarkus.deployment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

import io.liveconfig.quarkus.runtime.LiveConfigHeadStartBuilder;
import io.liveconfig.quarkus.runtime.LiveConfigHealthCheck;
import io.liveconfig.quarkus.runtime.LiveConfigMetrics;
import io.liveconfig.quarkus.runtime.LiveConfigRecorder;
import io.liveconfig.quarkus.runtime.LiveConfigSourceFactoryBuilder;
import io.liveconfig.source.cdi.Key;
import io.liveconfig.source.cdi.LiveConfigEvents;
import io.liveconfig.source.cdi.Namespace;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanArchiveIndexBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ConfigClassBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LogCategoryBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.deployment.builditem.RuntimeConfigSetupCompleteBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.deployment.builditem.StaticInitConfigBuilderBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;
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

    /** Connecting takes most of the extension's start-up cost: it begins first thing, beside Quarkus' own start. */
    @BuildStep
    StaticInitConfigBuilderBuildItem startConnecting() {
        return new StaticInitConfigBuilderBuildItem(LiveConfigHeadStartBuilder.class);
    }

    /** The run-time configuration has been built, with the source connected ahead or without it. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(RuntimeConfigSetupCompleteBuildItem.class)
    void discardUnusedHeadStart(LiveConfigRecorder recorder) {
        recorder.discardUnusedHeadStart();
    }

    /** A start that fails before the run-time configuration leaves no client connecting. */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void discardHeadStartOnShutdown(LiveConfigRecorder recorder, ShutdownContextBuildItem shutdown) {
        recorder.discardHeadStartOnShutdown(shutdown);
    }

    /**
     * Hazelcast's client logs member lists and connectivity blocks at every start and a warning for every failed
     * connection attempt; the source says what matters itself (LIVECONFIG-0001 on connecting, 0002 on a real loss).
     * Quiet by default; {@code quarkus.log.category."com.hazelcast".level} brings it back.
     */
    @BuildStep
    LogCategoryBuildItem quietHazelcast() {
        return new LogCategoryBuildItem("com.hazelcast", Level.SEVERE);
    }

    /** The bridge from source listeners to CDI events, and its qualifiers, which apps' observers use. */
    @BuildStep
    AdditionalBeanBuildItem registerChangeEvents() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(LiveConfigEvents.class, Namespace.class, Key.class)
                .setUnremovable()
                .build();
    }

    /** The source's state as meters, in apps that have Micrometer; without it the class is never loaded. */
    @BuildStep
    void registerMetrics(Optional<MetricsCapabilityBuildItem> metrics, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (metrics.isPresent() && metrics.get().metricsSupported(MetricsFactory.MICROMETER)) {
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClass(LiveConfigMetrics.class)
                    .setDefaultScope(BuiltinScope.SINGLETON.getName()).setUnremovable().build());
        }
    }

    /** Where the values come from and whether they may be stale, in apps that have SmallRye Health. */
    @BuildStep
    HealthBuildItem registerHealthCheck() {
        return new HealthBuildItem(LiveConfigHealthCheck.class.getName(), true);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(RuntimeConfigSetupCompleteBuildItem.class) // they act on the run-time configuration's sources
    void fireChangeEvents(LiveConfigRecorder recorder, BeanContainerBuildItem container) {
        recorder.fireChangeEvents();
    }

    /**
     * The types that the app injects properties as, so that a live value that does not convert is refused. Read from
     * the index: Quarkus' own list of config injection points leaves out {@code Provider} and {@code Supplier}, which
     * are the ones that see live values, and {@code Optional}, which is resolved once when its bean is made (it keeps
     * that value, as a plain field does, until the bean is made again) but is checked too, since a new bean would
     * convert the live value.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(RuntimeConfigSetupCompleteBuildItem.class) // they act on the run-time configuration's sources
    void refuseUnconvertibleValues(LiveConfigRecorder recorder, BeanArchiveIndexBuildItem beans) {
        Map<String, String> types = new TreeMap<>();
        for (AnnotationInstance property : beans.getIndex().getAnnotations(CONFIG_PROPERTY)) {
            AnnotationValue name = property.value("name");
            Type type = injectedType(property);
            if (name != null && type != null) {
                checkedType(type).ifPresent(checked -> types.put(name.asString(), checked));
            }
        }
        recorder.refuseUnconvertibleValues(types);
    }

    /**
     * The keys the app reads once and keeps until it restarts, for the instance report, so that the server's instances
     * view lists the changes that wait for a restart: every {@code @ConfigProperty} injection point but those through
     * {@code Provider}, {@code Supplier} or {@code Instance} (which look the value up on each call), every key under a
     * config mapping's prefix, and Quarkus' own {@code quarkus.*} settings, which it reads when it starts. Keys the app
     * only looks up through {@code Config} are live. A bean made after start-up (a lazy one, at its first use) takes
     * the values of then: the view may list a key that it in fact applied.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(RuntimeConfigSetupCompleteBuildItem.class)
    void reportFixedKeys(LiveConfigRecorder recorder, BeanArchiveIndexBuildItem beans,
            List<ConfigClassBuildItem> mappings) {
        Set<String> keys = new TreeSet<>();
        for (AnnotationInstance property : beans.getIndex().getAnnotations(CONFIG_PROPERTY)) {
            AnnotationValue name = property.value("name");
            Type type = injectedType(property);
            if (type == null || type.kind() == Type.Kind.PARAMETERIZED_TYPE && LIVE_WRAPPERS.contains(type.name())) {
                continue;
            }
            if (name != null && !name.asString().isEmpty()) {
                keys.add(name.asString());
            } else if (property.target().kind() == AnnotationTarget.Kind.FIELD) {
                // The MicroProfile default: the declaring class's canonical name and the field's.
                keys.add(property.target().asField().declaringClass().name().toString().replace('$', '.') + "."
                        + property.target().asField().name());
            }
        }
        Set<String> prefixes = new TreeSet<>();
        prefixes.add("quarkus");
        mappings.forEach(mapping -> prefixes.add(mapping.getPrefix()));
        recorder.reportFixedKeys(keys, prefixes);
    }

    private static final DotName CONFIG_PROPERTY = DotName.createSimple(ConfigProperty.class.getName());

    /** The type of the field or parameter a {@code @ConfigProperty} is on, or null elsewhere. */
    private static Type injectedType(AnnotationInstance property) {
        return switch (property.target().kind()) {
            case FIELD -> property.target().asField().type();
            case METHOD_PARAMETER -> property.target().asMethodParameter().type();
            default -> null;
        };
    }

    /** Wrappers that look the value up on each call. */
    private static final Set<DotName> LIVE_WRAPPERS = Set.of(DotName.createSimple("jakarta.inject.Provider"),
            DotName.createSimple("java.util.function.Supplier"),
            DotName.createSimple("jakarta.enterprise.inject.Instance"));

    /** Wrappers whose type argument is what the value converts to. */
    private static final Set<DotName> WRAPPERS = Stream
            .concat(LIVE_WRAPPERS.stream(), Stream.of(DotName.createSimple("java.util.Optional")))
            .collect(Collectors.toUnmodifiableSet());

    /**
     * The class a value must convert to, for plain and wrapped single values; strings and collections are not checked.
     */
    static Optional<String> checkedType(Type type) {
        if (type.kind() == Type.Kind.PARAMETERIZED_TYPE && WRAPPERS.contains(type.name())) {
            return checkedType(type.asParameterizedType().arguments().get(0));
        }
        if ((type.kind() == Type.Kind.CLASS || type.kind() == Type.Kind.PRIMITIVE)
                && !type.name().toString().equals(String.class.getName())) {
            return Optional.of(type.name().toString());
        }
        return Optional.empty();
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(RuntimeConfigSetupCompleteBuildItem.class) // they act on the run-time configuration's sources
    void closeSourcesOnShutdown(LiveConfigRecorder recorder, ShutdownContextBuildItem shutdown) {
        recorder.closeSourcesOnShutdown(shutdown);
    }
}

package io.liveconfig.server.instance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.server.read.NamespaceReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;

/**
 * The gauge {@value #NAME}: per live namespace, how many app instances reported reading it within the timeout, as
 * {@code GET .../instances} lists them. Tagged only with namespaces the database holds, which the namespace quota
 * bounds, never with a name from a report: anyone on the client port can write one. Counted on a timer as often as apps
 * report, not at each scrape: a scrape then costs nothing, and a count is never older than the reports it counts.
 */
@ApplicationScoped
class InstanceCounts {

    static final String NAME = "liveconfig.instances";

    private final InstanceReports reports;
    private final NamespaceReader namespaces;
    private final MultiGauge gauge;

    InstanceCounts(InstanceReports reports, NamespaceReader namespaces, MeterRegistry registry) {
        this.reports = reports;
        this.namespaces = namespaces;
        this.gauge = MultiGauge.builder(NAME)
                .description("App instances that reported reading the namespace within the instance timeout")
                .register(registry);
    }

    // As often as apps report (protocol Timings.REPORT_INTERVAL); a count that fails waits for the next.
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void count() {
        Map<String, Integer> counts = new HashMap<>();
        for (InstanceReport report : reports.fresh()) {
            report.revisions().keySet().forEach(namespace -> counts.merge(namespace, 1, Integer::sum));
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String namespace : namespaces.names()) {
            rows.add(MultiGauge.Row.of(Tags.of("namespace", namespace), counts.getOrDefault(namespace, 0)));
        }
        // Overwrite: a deleted namespace's row goes, a created one's comes.
        gauge.register(rows, true);
    }
}

package io.liveconfig.server.instance;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One app instance that reads a namespace, as it reported itself.
 *
 * @param instance the instance's id
 * @param host its host name
 * @param app its application name
 * @param revision the revision of the namespace it applied
 * @param lastSeen when it last reported
 * @param rejections the last published values it refused
 * @param restartPending the keys changed since the instance started that it reads only at start-up (plain injected
 * fields, {@code Optional}, config mappings), so that it serves their old values until it restarts, sorted; at most
 * 100; empty when none or unknown
 * @param restartPendingNote why {@code restartPending} is unknown ("unknown: ...": the instance does not say what it
 * reads at start-up, or the history no longer keeps the revision it started with), or that the list is cut;
 * {@code null} when the list is whole
 */
public record InstanceView(String instance, String host, String app, long revision, Instant lastSeen,
        List<String> rejections,
        @Schema(description = "The keys changed since the instance started that it reads only at start-up (plain "
                + "injected fields, Optional, config mappings): it serves their old values until it restarts. Sorted, "
                + "at most 100; empty when none or unknown") List<String> restartPending,
        @Schema(description = "Why restartPending is unknown (\"unknown: ...\"), or that it is cut; null when it is "
                + "whole", nullable = true) String restartPendingNote) {
}

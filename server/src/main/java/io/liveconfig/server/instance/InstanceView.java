package io.liveconfig.server.instance;

import java.time.Instant;
import java.util.List;

/**
 * One app instance that reads a namespace, as it reported itself.
 *
 * @param instance the instance's id
 * @param host its host name
 * @param app its application name
 * @param revision the revision of the namespace it applied
 * @param lastSeen when it last reported
 * @param rejections the last published values it refused
 */
public record InstanceView(String instance, String host, String app, long revision, Instant lastSeen,
        List<String> rejections) {
}

package io.liveconfig.server.publish;

import java.util.Map;
import java.util.Set;

/**
 * What a write changed, so that apps receive the step rather than the whole namespace.
 *
 * @param baseRevision the revision the write started from
 * @param puts keys set, with their values in clear (secrets are sealed when published)
 * @param removes keys removed
 */
public record Step(long baseRevision, Map<String, String> puts, Set<String> removes) {
}

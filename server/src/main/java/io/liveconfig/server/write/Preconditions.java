package io.liveconfig.server.write;

import java.util.Optional;

import io.liveconfig.server.core.Refusal;

/**
 * What a write requires of the namespace it changes, whatever protocol carried it (HTTP sends If-Match and
 * If-None-Match).
 *
 * @param ifMatch the revision the write is based on
 * @param createOnly the write may only create keys that do not exist
 */
public record Preconditions(Optional<Long> ifMatch, boolean createOnly) {

    public static final Preconditions NONE = new Preconditions(Optional.empty(), false);

    /**
     * Checks the namespace's revision before the write.
     *
     * @param requireIfMatch whether the namespace refuses writes that do not name the revision they are based on
     * @throws Refusal precondition failed or required
     */
    void check(String namespace, boolean requireIfMatch, long revisionBefore) {
        if (ifMatch.isPresent()) {
            if (ifMatch.get() != revisionBefore) {
                throw Refusal.preconditionFailed(namespace, ifMatch.get(), revisionBefore);
            }
        } else if (requireIfMatch && !createOnly) {
            throw Refusal.preconditionRequired(namespace);
        }
    }
}

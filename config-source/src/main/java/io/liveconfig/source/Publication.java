package io.liveconfig.source;

import io.liveconfig.protocol.Seal;

/**
 * A verified publication as the server signed it: kept with what it was applied to, so that the saved copy holds the
 * signed text and the instance report the seal.
 *
 * @param text the encoded snapshot or change
 * @param seal what its signature covers
 */
record Publication(String text, Seal seal) {

    boolean isWhole() {
        return seal.kind() == Seal.Kind.SNAPSHOT;
    }
}

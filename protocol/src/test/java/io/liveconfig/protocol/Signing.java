package io.liveconfig.protocol;

import java.util.List;

/** One test key pair for the codec tests, and the codec's calls with it. */
final class Signing {

    static final PublicationSigner SIGNER = PublicationSigner.generate();
    static final TrustedKeys TRUST = TrustedKeys.ofKeys(List.of(SIGNER.publicKey()));

    private Signing() {
    }

    static String encode(Snapshot snapshot) {
        return SnapshotCodec.encode(snapshot, SIGNER);
    }

    static String encodeChange(SnapshotChange change) {
        return SnapshotCodec.encodeChange(change, SIGNER);
    }

    static Snapshot decode(String text) {
        return SnapshotCodec.decode(text, TRUST).value();
    }

    static SnapshotChange decodeChange(String text) {
        return SnapshotCodec.decodeChange(text, TRUST).value();
    }
}

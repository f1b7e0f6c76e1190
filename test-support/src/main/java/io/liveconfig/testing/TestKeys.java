package io.liveconfig.testing;

import java.util.Base64;
import java.util.List;

import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.TrustedKeys;

/**
 * One fixed Ed25519 key pair for tests that publish without a server ({@link TestMember}), the same in every class
 * loader, so that an app under test and the test that feeds it agree on it. Never a key of any deployment.
 */
public final class TestKeys {

    /** The public key as apps configure it ({@code liveconfig.trust.public-keys}). */
    public static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAVXLaJRHlVtm93mDUTPDPYOSx+y2JS3zya7EDDs44k3w=";
    private static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEICxKUBOW12gxj9yXCKoUE1IoZWibOjN8X93akUAmy78C";

    /** Signs as the server would. */
    public static final PublicationSigner SIGNER = PublicationSigner.of(Base64.getDecoder().decode(PRIVATE_KEY),
            PUBLIC_KEY);

    /** Trusts {@link #SIGNER} only. */
    public static final TrustedKeys TRUST = TrustedKeys.of(List.of(PUBLIC_KEY));

    private TestKeys() {
    }
}

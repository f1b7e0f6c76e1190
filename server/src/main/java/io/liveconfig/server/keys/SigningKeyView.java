package io.liveconfig.server.keys;

import java.time.OffsetDateTime;

import io.liveconfig.server.store.SigningKeyStore;

/**
 * A signing key as operators and apps see it: never its private half.
 *
 * @param id the id publications name it by
 * @param publicKey what apps list in {@code liveconfig.trust.public-keys}
 * @param state {@code next} (signs nothing yet), {@code active} (signs every publication) or {@code previous}
 * @param createdAt when it was created
 * @param activatedAt when it became active, if it did
 */
public record SigningKeyView(String id, String publicKey, String state, OffsetDateTime createdAt,
        OffsetDateTime activatedAt) {

    static SigningKeyView of(SigningKeyStore.Row row) {
        return new SigningKeyView(row.id(), row.publicKey(), row.state().name().toLowerCase(java.util.Locale.ROOT),
                row.createdAt(), row.activatedAt());
    }
}

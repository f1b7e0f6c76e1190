package io.liveconfig.protocol;

/**
 * A decoded publication whose content hash and signature were verified, with the seal that proves it.
 *
 * @param value the snapshot or change
 * @param seal what the server signed about it
 */
public record Sealed<T>(T value, Seal seal) {
}

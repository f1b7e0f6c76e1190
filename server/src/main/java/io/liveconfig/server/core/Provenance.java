package io.liveconfig.server.core;

/**
 * Who did something and from where, for revisions and the audit log.
 *
 * @param author the declared author
 * @param address the client's IP address, if known
 */
public record Provenance(String author, String address) {

    /** For what the server does by itself, such as publishing a restored history. */
    public static final Provenance SERVER = new Provenance("liveconfig", null);
}

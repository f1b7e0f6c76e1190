package io.liveconfig.server.api;

import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who makes the current request and from where, for revisions and the audit log.
 * <p>
 * The API has no authentication yet, so the author is what the {@code X-LiveConfig-Author} header declares
 * ({@code anonymous} without it); the address is the TCP peer's.
 */
@RequestScoped
public class Caller {

    public static final String AUTHOR_HEADER = "X-LiveConfig-Author";
    private static final Pattern AUTHOR = Pattern.compile("[A-Za-z0-9._@+ -]{1,128}");

    private final HttpServerRequest request;

    Caller(HttpServerRequest request) {
        this.request = request;
    }

    public Provenance provenance() {
        String author = request.getHeader(AUTHOR_HEADER);
        if (author == null) {
            author = "anonymous";
        } else if (!AUTHOR.matcher(author).matches()) {
            throw ApiException.invalidRequest("Invalid " + AUTHOR_HEADER + " header",
                    java.util.List.of(new Problem.Violation(AUTHOR_HEADER,
                            "must be 1 to 128 of letters, digits, space and . _ @ + -")));
        }
        SocketAddress peer = request.remoteAddress();
        return new Provenance(author, peer == null ? null : peer.hostAddress());
    }

    /**
     * Who did something and from where.
     *
     * @param author the declared author
     * @param address the client's IP address, if known
     */
    public record Provenance(String author, String address) {

        /** For what the server does by itself. */
        public static final Provenance SERVER = new Provenance("liveconfig-server", null);
    }
}
